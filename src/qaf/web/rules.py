"""Who may see and do what: the ONE table, keyed by URL name ("namespace:name").

A URL whose name is not here is refused to everyone (qaf.web.policy, deny by default). PUBLIC pages
need no account. `team_scoped` pages show a manager only their teams' records (policy.scope);
`child_level` pages and `export`s are written to the access log on every request."""

from __future__ import annotations

from dataclasses import dataclass

ANALYST, LEADER, MANAGER, AUDITOR, IRU, ADMIN = (
    "analyst",
    "leader",
    "manager",
    "auditor",
    "iru",
    "admin",
)
ROLES = (ANALYST, LEADER, MANAGER, AUDITOR, IRU, ADMIN)
# A marker, not a role: anyone, signed in or not.
PUBLIC = frozenset({"public"})
STAFF = frozenset(ROLES)


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    team_scoped: bool = False
    child_level: bool = False
    export: bool = False

    @property
    def public(self) -> bool:
        return self.roles == PUBLIC


RULES: dict[str, Rule] = {
    # --- public ---
    "accounts:login": Rule(PUBLIC),
    "health": Rule(PUBLIC),
    # --- every member of staff ---
    "home": Rule(STAFF),
    "accounts:logout": Rule(STAFF),
    "accounts:account": Rule(STAFF),
    "accounts:password_change": Rule(STAFF),
    # --- reports ---
    "reports:list": Rule(frozenset({ANALYST, LEADER, ADMIN})),
    "reports:file": Rule(frozenset({ANALYST, LEADER, ADMIN}), export=True),
    # --- administration ---
    "accounts:users": Rule(frozenset({ADMIN})),
    "accounts:user_add": Rule(frozenset({ADMIN})),
    "accounts:user_edit": Rule(frozenset({ADMIN})),
    "accounts:access_log": Rule(frozenset({ADMIN})),
    # --- qa ---
    **{
        f"qa:{name}": rule
        for names, rule in (
            (("home",), Rule(STAFF)),
            (("figures",), Rule(frozenset({LEADER, ANALYST, AUDITOR, IRU, ADMIN}))),
            (("feedback_public", "feedback_thanks"), Rule(PUBLIC)),
            (
                ("audit_list", "audit_detail", "audit_history"),
                Rule(frozenset({AUDITOR, MANAGER, ANALYST, ADMIN}), True, True),
            ),
            # Only its auditor (within qa.conf's window) or an admin: checked in the view.
            (("audit_add", "audit_edit"), Rule(frozenset({AUDITOR, ADMIN}), True, True)),
            (
                ("feedback_list", "feedback_detail", "feedback_history", "link_list"),
                Rule(frozenset({MANAGER, ANALYST, ADMIN}), True, True),
            ),
            (
                ("feedback_add", "feedback_edit", "link_add"),
                Rule(frozenset({MANAGER, ANALYST, ADMIN}), True, True),
            ),
            (
                ("meeting_list", "meeting_detail", "meeting_history"),
                Rule(frozenset({IRU, MANAGER, ANALYST, ADMIN}), True, True),
            ),
            (
                ("review_list", "review_detail", "review_history"),
                Rule(frozenset({IRU, MANAGER, ANALYST, ADMIN}), True, True),
            ),
            (
                ("meeting_add", "meeting_edit", "review_add", "review_edit"),
                Rule(frozenset({IRU, ADMIN}), True, True),
            ),
            (
                ("audit_import", "feedback_import", "meeting_import", "review_import"),
                Rule(frozenset({ANALYST, ADMIN}), child_level=True),
            ),
            (
                ("audit_export", "feedback_export", "meeting_export", "review_export"),
                Rule(frozenset({ANALYST, ADMIN}), child_level=True, export=True),
            ),
            (
                ("audit_delete", "feedback_delete", "meeting_delete", "review_delete"),
                Rule(frozenset({ADMIN}), child_level=True),
            ),
            (
                ("lists", "standard_add", "standard_edit", "standard_history", "level_edit"),
                Rule(frozenset({ADMIN})),
            ),
            (
                ("level_history", "theme_add", "theme_edit", "theme_history"),
                Rule(frozenset({ADMIN})),
            ),
        )
        for name in names
    },
}


def rule_for(url_name: str | None) -> Rule | None:
    return RULES.get(url_name) if url_name else None
