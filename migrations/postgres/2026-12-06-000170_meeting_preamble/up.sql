-- What imported minutes print before their first item (a title, an opening sentence, public participation) that is neither the date nor an attendance list.
ALTER TABLE meetings ADD COLUMN preamble TEXT;
