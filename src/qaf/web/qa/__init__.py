"""QA records: case audits, parent and carer feedback, Independent Reviewing Unit monitoring."""
