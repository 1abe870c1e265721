-- Sample catalogue for local mode and tests only (not in the production migration path).
INSERT INTO products (id, name, description, price_minor, currency) VALUES
    ('skyblock-odyssey', 'Skyblock Odyssey', 'A 200-mod skyblock modpack with quests', 1299, 'USD'),
    ('create-industrial', 'Create: Industrial Age', 'Automation modpack built around Create', 899, 'USD'),
    ('medieval-realms', 'Medieval Realms', 'Kingdom-building RPG modpack', 2500, 'USD');
