"""The rules every door shares (forms, API schemas, bulk import, services, the engine mapping), one module each.

Pure: no Flask, no database session. Each rule gives a verdict and the one message people read, so a value
refused at one door is refused at every door in the same words.
"""
