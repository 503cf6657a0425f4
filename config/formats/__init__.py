"""Date and number formats per language (``FORMAT_MODULE_PATH``): dd/mm/yyyy in both languages.

Django's own Vietnamese formats write dates ``d-m-Y`` and its English ones ``m/d/Y``; the portal
writes and reads ``dd/mm/yyyy`` everywhere (forms, validation messages, ``{{ day }}``), so the
same date never reads as two different days. Numbers keep each language's separators.
"""
