"""What an answer says when the documents do not answer the question, in the language it
was asked in, and whom to ask instead."""

NOT_FOUND = (
    "Dat staat niet in de documenten die ik heb. Vraag het de mentor of de "
    "ondersteuningscoördinator van de school, of neem contact op met het samenwerkingsverband."
)
NOT_FOUND_EN = (
    "The documents I have do not answer this. Please ask the school's mentor or support "
    "coordinator (ondersteuningscoördinator), or contact the samenwerkingsverband."
)
NOT_FOUND_TR = (
    "Elimdeki belgelerde bunun cevabı yok. Lütfen okuldaki mentora veya destek "
    "koordinatörüne (ondersteuningscoördinator) sorun ya da samenwerkingsverband ile iletişime "
    "geçin."
)
NOT_FOUND_PL = (
    "Dokumenty, które mam, nie odpowiadają na to pytanie. Zapytaj mentora lub koordynatora "
    "wsparcia (ondersteuningscoördinator) w szkole albo skontaktuj się z samenwerkingsverband."
)
NOT_FOUND_AR = (
    "الوثائق التي لديّ لا تجيب عن هذا السؤال. اسأل مرشد الطالب (mentor) أو منسّق الدعم "
    "(ondersteuningscoördinator) في المدرسة، أو تواصل مع samenwerkingsverband."
)
NOT_FOUND_IN = {
    "nl": NOT_FOUND,
    "en": NOT_FOUND_EN,
    "tr": NOT_FOUND_TR,
    "pl": NOT_FOUND_PL,
    "ar": NOT_FOUND_AR,
}
UNKNOWN_NAME = (
    "Ik heb geen documenten over {name}, dus daar kan ik niets over zeggen. Vraag het de "
    "school zelf, of neem contact op met het samenwerkingsverband in de regio."
)
