CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`chat_message_id` integer,
	`notification_id` integer,
	`uploaded_by` integer,
	`stored_name` text NOT NULL,
	`thumb_name` text,
	`original_name` text NOT NULL,
	`mime` text NOT NULL,
	`kind` text NOT NULL,
	`bytes` integer NOT NULL,
	`width` integer,
	`height` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`chat_message_id`) REFERENCES `chat_messages`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "attachments_owner_ck" CHECK(("attachments"."chat_message_id" is null) <> ("attachments"."notification_id" is null)),
	CONSTRAINT "attachments_kind_ck" CHECK("attachments"."kind" in ('image','file'))
);
--> statement-breakpoint
CREATE INDEX `attachments_message_idx` ON `attachments` (`chat_message_id`);--> statement-breakpoint
CREATE INDEX `attachments_notification_idx` ON `attachments` (`notification_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `attachments_stored_uq` ON `attachments` (`stored_name`);--> statement-breakpoint
CREATE TABLE `chat_conversations` (
	`partner_id` integer PRIMARY KEY NOT NULL,
	`last_message_id` integer DEFAULT 0 NOT NULL,
	`last_message_at` integer NOT NULL,
	`admin_unread` integer DEFAULT 0 NOT NULL,
	`admin_read_id` integer DEFAULT 0 NOT NULL,
	`partner_unread` integer DEFAULT 0 NOT NULL,
	`partner_read_id` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `chat_conversations_last_idx` ON `chat_conversations` (`last_message_at`);--> statement-breakpoint
CREATE INDEX `chat_conversations_admin_unread_idx` ON `chat_conversations` (`admin_unread`) WHERE "chat_conversations"."admin_unread" > 0;--> statement-breakpoint
CREATE TABLE `chat_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`partner_id` integer NOT NULL,
	`sender_id` integer,
	`from_admin` integer NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`deleted_at` integer,
	`deleted_by` integer,
	FOREIGN KEY (`partner_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`sender_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `chat_messages_conversation_idx` ON `chat_messages` (`partner_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `chat_messages_idempotency_uq` ON `chat_messages` (`sender_id`,`idempotency_key`);