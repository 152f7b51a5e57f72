"""habeas's web pages: server-rendered HTML (Jinja2) over the same services as the CLI and
the API, in English and Spanish, working without JavaScript. See `habeas.web.routes`."""
