"""Pipeline stages, one module each, in the order they run:

extract → nlp → entities → actors → places → dates → events → quotes → checks
"""
