"""`python -m qaf.web.manage create_admin USERNAME`: the first administrator of a new install.

Asks for the password twice (never on the command line, where shell history would keep it) and
checks it against the same rules as every other account's."""

from __future__ import annotations

import getpass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qaf.web.accounts.models import Role, User


class Command(BaseCommand):
    help = "Create an administrator account, asking for its password."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"{username} already exists; an administrator can edit it instead")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password again: "):
            raise CommandError("the two passwords differ; nothing was created")
        user = User(username=username, role=Role.ADMIN)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        user.set_password(password)
        user.save()
        self.stdout.write(f"Administrator {username} created: sign in and add the other accounts")
