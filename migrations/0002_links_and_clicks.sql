CREATE TABLE `clicks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` integer NOT NULL,
	`at` integer NOT NULL,
	`ip` text NOT NULL,
	`user_agent` text NOT NULL,
	`referer` text,
	`visitor_hash` text NOT NULL,
	`is_bot` integer NOT NULL,
	FOREIGN KEY (`link_id`) REFERENCES `links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `clicks_link_at_idx` ON `clicks` (`link_id`,`at`);--> statement-breakpoint
CREATE TABLE `default_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`target_url` text NOT NULL,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`utm_content` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `link_daily_stats` (
	`link_id` integer NOT NULL,
	`day` text NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`unique_visitors` integer DEFAULT 0 NOT NULL,
	`bots` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`link_id`, `day`),
	FOREIGN KEY (`link_id`) REFERENCES `links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `link_daily_stats_day_idx` ON `link_daily_stats` (`day`);--> statement-breakpoint
CREATE TABLE `link_day_visitors` (
	`link_id` integer NOT NULL,
	`day` text NOT NULL,
	`visitor_hash` text NOT NULL,
	PRIMARY KEY(`link_id`, `day`, `visitor_hash`)
);
--> statement-breakpoint
CREATE INDEX `link_day_visitors_day_idx` ON `link_day_visitors` (`day`);--> statement-breakpoint
CREATE TABLE `links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`code` text NOT NULL,
	`title` text NOT NULL,
	`link_type` text DEFAULT 'direct' NOT NULL,
	`target_url` text,
	`landing_id` integer,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`utm_content` text,
	`utm_term` text,
	`is_active` integer DEFAULT true NOT NULL,
	`default_link_id` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "links_type_ck" CHECK("links"."link_type" in ('direct','landing','iframe'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `links_code_uq` ON `links` (`code`);--> statement-breakpoint
CREATE INDEX `links_partner_idx` ON `links` (`partner_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `links_partner_default_uq` ON `links` (`partner_id`,`default_link_id`);