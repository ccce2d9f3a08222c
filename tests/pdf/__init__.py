"""Tests of the PDF renderer: content, accessibility, fonts, cache and safety."""
