"""Employers: their organisation, slots, what they see of rounds, and the directory."""
