"""Answers composed by kind of question: a first line that answers, from the documents' own
sentences, then the quotes it rests on."""
