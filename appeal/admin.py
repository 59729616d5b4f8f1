"""The admin of the matrix of projects and of the Multi-Year Appeal lives beside each feature."""

from . import admin_appeal, admin_projects  # noqa: F401
