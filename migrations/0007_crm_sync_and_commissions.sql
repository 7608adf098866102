CREATE TABLE `commission_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`old_kopecks` integer NOT NULL,
	`new_kopecks` integer NOT NULL,
	`reason` text NOT NULL,
	`rate_bp` integer,
	`amount_kopecks` integer,
	`b24_deal_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "commission_history_money_ck" CHECK("commission_history"."old_kopecks" >= 0 and "commission_history"."new_kopecks" >= 0)
);
--> statement-breakpoint
CREATE INDEX `commission_history_client_idx` ON `commission_history` (`client_id`,`at`);--> statement-breakpoint
CREATE TABLE `crm_sync_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`event` text,
	`state` text DEFAULT 'pending' NOT NULL,
	`generation` integer DEFAULT 1 NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`requested_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `crm_sync_queue_entity_uq` ON `crm_sync_queue` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `crm_sync_queue_due_idx` ON `crm_sync_queue` (`state`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `users` ADD `reward_rate_bp` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `b24_status_id` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `b24_modified_at` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `b24_deleted_at` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `amount_kopecks` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `currency_id` text;--> statement-breakpoint
ALTER TABLE `clients` ADD `commission_kopecks` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `commission_rate_bp` integer;--> statement-breakpoint
ALTER TABLE `clients` ADD `commission_flagged` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `is_paid` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `clients` ADD `paid_at` integer;--> statement-breakpoint
CREATE INDEX `clients_b24_deal_idx` ON `clients` (`b24_deal_id`);--> statement-breakpoint
CREATE INDEX `clients_b24_lead_idx` ON `clients` (`b24_lead_id`);