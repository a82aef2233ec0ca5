"""Notebook 05: Who is more at risk: age, liver disease, other medicines, sex.

Files: compute (each modifier within its study: half-life and exposure), figures, widget,
answers. Computation imports only the core (data, model, timeline, linked); figures and text
take computed results, never the dataset. Teaching model — NOT FOR DOSING.
"""
