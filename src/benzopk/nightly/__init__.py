"""Notebook 03: Nightly use: accumulation and steady state.

Files: compute (schedules, approach to steady state), figures, answers. Computation imports
only the core (data, model, timeline, linked); figures and text take computed results, never
the dataset. Teaching model — NOT FOR DOSING.
"""
