CREATE TABLE `client_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`data` text,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `client_events_client_idx` ON `client_events` (`client_id`,`at`);--> statement-breakpoint
CREATE TABLE `clients` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`link_id` integer,
	`landing_id` integer,
	`source` text NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`email` text,
	`company` text,
	`comment` text,
	`utm_source` text,
	`utm_medium` text,
	`utm_campaign` text,
	`utm_content` text,
	`utm_term` text,
	`search_name` text NOT NULL,
	`duplicate_of_id` integer,
	`delivery_state` text DEFAULT 'pending' NOT NULL,
	`status_group` text DEFAULT 'new' NOT NULL,
	`status_name` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`link_id`) REFERENCES `links`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`landing_id`) REFERENCES `landings`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `clients_partner_created_idx` ON `clients` (`partner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `clients_phone_idx` ON `clients` (`phone`,`created_at`);--> statement-breakpoint
CREATE INDEX `clients_email_idx` ON `clients` (`email`,`created_at`);--> statement-breakpoint
CREATE INDEX `clients_link_idx` ON `clients` (`link_id`);--> statement-breakpoint
CREATE TABLE `delivery_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`client_id` integer NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`client_id`) REFERENCES `clients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_jobs_client_uq` ON `delivery_jobs` (`client_id`);--> statement-breakpoint
CREATE INDEX `delivery_jobs_due_idx` ON `delivery_jobs` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `landing_images` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`landing_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`bytes` integer NOT NULL,
	`sort_order` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`landing_id`) REFERENCES `landings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `landing_images_landing_idx` ON `landing_images` (`landing_id`,`sort_order`);--> statement-breakpoint
CREATE UNIQUE INDEX `landing_images_file_uq` ON `landing_images` (`file_name`);--> statement-breakpoint
CREATE TABLE `landings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`title` text NOT NULL,
	`header_text` text NOT NULL,
	`description` text NOT NULL,
	`button_text` text NOT NULL,
	`theme_color` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "landings_color_ck" CHECK("landings"."theme_color" glob '#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]')
);
--> statement-breakpoint
CREATE INDEX `landings_partner_idx` ON `landings` (`partner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `used_form_tokens` (
	`nonce` text PRIMARY KEY NOT NULL,
	`used_at` integer NOT NULL
);
