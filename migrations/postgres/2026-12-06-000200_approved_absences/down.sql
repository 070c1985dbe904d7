DROP INDEX attendance_person;
DROP TABLE approved_absences;
