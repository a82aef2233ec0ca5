"""Notebook 04: Active metabolites.

Files: compute (peaks, shares, elimination times with the assumed fractions), figures, answers.
Computation imports only the core (data, model, timeline, linked); figures and text take
computed results, never the dataset. Teaching model — NOT FOR DOSING.
"""
