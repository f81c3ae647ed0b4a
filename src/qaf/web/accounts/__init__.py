"""Accounts: users with one role and the teams they are scoped to, the team list, the access log."""
