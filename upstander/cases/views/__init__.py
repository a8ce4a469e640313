"""Staff pages for cases: the triage queue, one case's page and its forms, downloads."""
