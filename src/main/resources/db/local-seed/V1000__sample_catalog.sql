-- Sample catalogue for local mode and tests only (not in the production migration path).
INSERT INTO products (id, name, description, price_minor, currency) VALUES
    ('skyblock-odyssey', 'Skyblock Odyssey', 'A 200-mod skyblock modpack with quests', 1299, 'USD'),
    ('create-industrial', 'Create: Industrial Age', 'Automation modpack built around Create', 899, 'USD'),
    ('medieval-realms', 'Medieval Realms', 'Kingdom-building RPG modpack', 2500, 'USD');

-- Sample SaaS offer for local mode and tests only. USD cents per month; ids as the frontend's ID maps have them.
INSERT INTO plans (id, name, description, price_minor, currency, sort_order) VALUES
    ('business', 'Business', 'Every channel, unlimited conversations', 9900, 'USD', 1),
    ('business_lite', 'Business Lite', 'One channel, for small teams', 4900, 'USD', 2);
INSERT INTO assistants (id, reference, name, description, price_minor, currency) VALUES
    (1, 'ventas', 'Asistente de ventas', 'Answers buyers and closes sales', 2900, 'USD'),
    (2, 'comentarios', 'Asistente de comentarios', 'Replies to comments on social networks', 2900, 'USD'),
    (3, 'carritos', 'Asistente de carritos', 'Recovers abandoned carts', 2900, 'USD'),
    (4, 'marketing', 'Asistente de marketing', 'Writes campaigns', 2900, 'USD');
INSERT INTO addons (id, reference, name, description, price_minor, currency, takes_bot_flow, max_quantity) VALUES
    (1, 'bot', 'Bot adicional', 'One more bot, optionally bound to a flow', 1500, 'USD', TRUE, 20),
    (2, 'member', 'Miembro adicional', 'One more team member', 1000, 'USD', FALSE, 100),
    (3, 'webhooks', 'Webhooks', 'Webhook deliveries to your systems', 500, 'USD', FALSE, 10);
