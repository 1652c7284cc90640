-- Documents as CHARACTER VARYING: a CLOB is copied into a temporary LOB on every read.
ALTER TABLE resource ALTER COLUMN document SET DATA TYPE CHARACTER VARYING(1000000);
