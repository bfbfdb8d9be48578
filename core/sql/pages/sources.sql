-- Declared source documents.
SELECT source_id, title, title_en, publisher, published, kind, file, note FROM sources ORDER BY source_id
