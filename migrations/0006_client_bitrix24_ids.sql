ALTER TABLE `clients` ADD `b24_entity` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `b24_lead_id` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `b24_deal_id` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `b24_contact_id` integer;