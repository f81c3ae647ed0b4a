"""The monthly report: a document model built from the indicators' results, rendered as HTML and PDF."""
