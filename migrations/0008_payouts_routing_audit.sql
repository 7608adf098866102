CREATE TABLE `payout_methods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`kind` text NOT NULL,
	`details` text NOT NULL,
	`is_default` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `payout_methods_partner_idx` ON `payout_methods` (`partner_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `payout_methods_default_uq` ON `payout_methods` (`partner_id`) WHERE is_default = 1;--> statement-breakpoint
CREATE TABLE `payout_request_clients` (
	`request_id` integer NOT NULL,
	`client_id` integer NOT NULL,
	`commission_kopecks` integer NOT NULL,
	`active` integer,
	PRIMARY KEY(`request_id`, `client_id`),
	FOREIGN KEY (`request_id`) REFERENCES `payout_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "payout_request_clients_active_ck" CHECK("payout_request_clients"."active" is null or "payout_request_clients"."active" = 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payout_request_clients_active_uq` ON `payout_request_clients` (`client_id`) WHERE active = 1;--> statement-breakpoint
CREATE TABLE `payout_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`total_kopecks` integer NOT NULL,
	`method_snapshot` text NOT NULL,
	`comment` text,
	`admin_comment` text,
	`request_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`decided_at` integer,
	`decided_by_id` integer,
	`paid_at` integer,
	`paid_by_id` integer,
	FOREIGN KEY (`partner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "payout_requests_total_ck" CHECK("payout_requests"."total_kopecks" > 0),
	CONSTRAINT "payout_requests_status_ck" CHECK("payout_requests"."status" in ('pending','approved','rejected','paid'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `payout_requests_key_uq` ON `payout_requests` (`partner_id`,`request_key`);--> statement-breakpoint
CREATE INDEX `payout_requests_partner_idx` ON `payout_requests` (`partner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `payout_requests_status_idx` ON `payout_requests` (`status`,`created_at`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `partner_id` integer;--> statement-breakpoint
CREATE INDEX `audit_log_partner_idx` ON `audit_log` (`partner_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_action_idx` ON `audit_log` (`action`,`at`);--> statement-breakpoint
ALTER TABLE `users` ADD `b24_entity_type` text;--> statement-breakpoint
ALTER TABLE `users` ADD `b24_category_id` integer;--> statement-breakpoint
ALTER TABLE `users` ADD `b24_stage_id` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `won_at` integer;--> statement-breakpoint
ALTER TABLE `commission_history` ADD `actor_id` integer;--> statement-breakpoint
ALTER TABLE `commission_history` ADD `note` text;--> statement-breakpoint
UPDATE `clients` SET `won_at` = (SELECT max(`at`) FROM `commission_history` h WHERE h.`client_id` = `clients`.`id` AND h.`reason` = 'won') WHERE `status_group` = 'won';
