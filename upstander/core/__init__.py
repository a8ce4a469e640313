"""Shared building blocks: environment helpers, domain errors, base models, rate limits."""
