"""The pages: rendering with Jinja (templates/), what each page says (views, decision box), sanitising card
HTML, structured data, the map, what each page loads, and the all-or-nothing publish.
"""
