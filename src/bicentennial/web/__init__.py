"""Server-rendered web pages (Jinja2 + HTMX). Modules here defining `router` are discovered."""
