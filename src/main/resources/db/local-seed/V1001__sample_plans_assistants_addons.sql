-- Sample SaaS offer for local mode and tests only. USD cents per month; ids as the frontend's ID maps have them.
-- A migration once applied is never edited (a developer's database would refuse to start): new sample data
-- goes in a new file.
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
