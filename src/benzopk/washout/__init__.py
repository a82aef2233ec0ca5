"""Notebook 06: Stopping and washout.

Files: compute (time until 97 % is gone after nightly use), figures, answers. Computation
imports only the core (data, model, timeline, linked); figures and text take computed results,
never the dataset. Teaching model — NOT FOR DOSING.
"""
