-- Each newly seen visitor of a link on a day adds one to that day's unique count. Inserts that hit
-- the primary key (a visitor already counted) are ignored by ON CONFLICT and fire nothing, so the
-- click flusher needs three statements per batch however many links were clicked.
CREATE TRIGGER `link_day_visitors_count_unique` AFTER INSERT ON `link_day_visitors`
BEGIN
  UPDATE `link_daily_stats` SET `unique_visitors` = `unique_visitors` + 1 WHERE `link_id` = NEW.`link_id` AND `day` = NEW.`day`;
END;
