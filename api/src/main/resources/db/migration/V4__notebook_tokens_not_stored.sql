-- Jupyter tokens are derived from a key in SAGEBOX_HOME (JupyterTokens) since this version, not stored: the random
-- tokens kept with notebook instances in service are removed. Their Jupyter, which answers only to the old token, is
-- not adopted at the next start and is replaced with one that answers to the derived token, on the same volume.
-- The token is never the first member of a server (containerId is), so the comma before it goes with it.
UPDATE resource SET document = REGEXP_REPLACE(document, ',\s*"token"\s*:\s*"[^"]*"', '')
WHERE resource_type = 'NOTEBOOK_INSTANCE' AND document LIKE '%"token"%';
