"""Reading uploaded files into `MeetingProtocol` records with text and page spans."""
