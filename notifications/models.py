"""In-app notifications and each person's delivery preferences per kind."""
