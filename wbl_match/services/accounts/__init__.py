"""Accounts: users and signing in, API tokens, invitations."""
