"""The prompt templates, one per file (installed as `steunwijzer.prompts`)."""
