"""The applications on top of the library: ``cli`` (the ``benzopk`` command) and
``presenter`` (the Voilà dashboard of ``make app``). Teaching model — NOT FOR DOSING.
"""
