"""The web workbench and API: `create_app(db)` in app.py wires the pages and the /api routes.

Thin front end: routes parse input and render output; the store, the assessment and the brief
do the work.
"""
