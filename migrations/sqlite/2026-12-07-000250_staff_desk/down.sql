DROP TABLE desk_sessions;
DROP TABLE sign_in_links;
DROP TABLE staff_accounts;
