DROP TABLE scrutiny_updates;
DROP TABLE scrutiny_recommendations;
DROP TABLE scrutiny_reviews;
