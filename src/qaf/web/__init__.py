"""The web service (Django): QA records, the report and the dashboard. The only package that imports Django."""
