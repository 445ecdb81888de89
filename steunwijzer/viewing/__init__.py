"""Where a cited sentence stands: the PDF page as an image with the sentence marked, or the
passage of a text document amid the passages around it."""
