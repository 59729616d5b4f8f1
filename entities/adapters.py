from allauth.account.adapter import DefaultAccountAdapter


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Access is by invitation of the Compact Secretariat: nobody signs up on their own."""

    def is_open_for_signup(self, request):
        return False
