-- 4837ec7080cb2c760a5c7b62b4cf50919b82897387c61b39113356df9e7721e4
CREATE TABLE volume_backends (
	name VARCHAR(255) NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	volume_backend_name VARCHAR(255) NOT NULL, 
	availability_zone VARCHAR(255) NOT NULL, 
	capacity_gb INTEGER NOT NULL, 
	allocated_gb INTEGER NOT NULL, 
	reserved_percentage INTEGER NOT NULL, 
	driver VARCHAR(255) NOT NULL, 
	storage_protocol VARCHAR(64) NOT NULL, 
	PRIMARY KEY (name)
);
CREATE TABLE volume_services (
	id INTEGER NOT NULL, 
	binary VARCHAR(64) NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	availability_zone VARCHAR(255) NOT NULL, 
	disabled BOOLEAN NOT NULL, 
	disabled_reason VARCHAR(255), 
	frozen BOOLEAN NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_volume_services_binary_host UNIQUE (binary, host)
);
CREATE TABLE volume_types (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255), 
	is_public BOOLEAN NOT NULL, 
	extra_specs JSON NOT NULL, 
	qos_specs_id VARCHAR(64), 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE volume_volumes (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	description VARCHAR(255), 
	size INTEGER NOT NULL, 
	status VARCHAR(64) NOT NULL, 
	attach_status VARCHAR(64) NOT NULL, 
	migration_status VARCHAR(64), 
	availability_zone VARCHAR(255) NOT NULL, 
	type_id VARCHAR(64), 
	backend VARCHAR(255), 
	bootable BOOLEAN NOT NULL, 
	readonly BOOLEAN NOT NULL, 
	multiattach BOOLEAN NOT NULL, 
	metadata JSON NOT NULL, 
	image_metadata JSON, 
	snapshot_id VARCHAR(64), 
	source_volid VARCHAR(64), 
	backup_id VARCHAR(64), 
	extend_target INTEGER, 
	encryption_key_id VARCHAR(64), 
	group_id VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	launched_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_volume_volumes_backend ON volume_volumes (backend);
CREATE INDEX ix_volume_volumes_created_at ON volume_volumes (created_at);
CREATE INDEX ix_volume_volumes_group_id ON volume_volumes (group_id);
CREATE INDEX ix_volume_volumes_name ON volume_volumes (name);
CREATE INDEX ix_volume_volumes_page ON volume_volumes (created_at, id);
CREATE INDEX ix_volume_volumes_project_id ON volume_volumes (project_id);
CREATE INDEX ix_volume_volumes_project_page ON volume_volumes (project_id, created_at, id);
CREATE INDEX ix_volume_volumes_snapshot_id ON volume_volumes (snapshot_id);
CREATE INDEX ix_volume_volumes_status ON volume_volumes (status);
CREATE INDEX ix_volume_volumes_type_id ON volume_volumes (type_id);
CREATE TABLE volume_snapshots (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	volume_id VARCHAR(64) NOT NULL, 
	type_id VARCHAR(64), 
	name VARCHAR(255), 
	description VARCHAR(255), 
	size INTEGER NOT NULL, 
	status VARCHAR(64) NOT NULL, 
	progress VARCHAR(16) NOT NULL, 
	group_snapshot_id VARCHAR(64), 
	metadata JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_volume_snapshots_created_at ON volume_snapshots (created_at);
CREATE INDEX ix_volume_snapshots_group_snapshot_id ON volume_snapshots (group_snapshot_id);
CREATE INDEX ix_volume_snapshots_name ON volume_snapshots (name);
CREATE INDEX ix_volume_snapshots_page ON volume_snapshots (created_at, id);
CREATE INDEX ix_volume_snapshots_project_id ON volume_snapshots (project_id);
CREATE INDEX ix_volume_snapshots_project_page ON volume_snapshots (project_id, created_at, id);
CREATE INDEX ix_volume_snapshots_status ON volume_snapshots (status);
CREATE INDEX ix_volume_snapshots_volume_id ON volume_snapshots (volume_id);
CREATE TABLE volume_backups (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	volume_id VARCHAR(64) NOT NULL, 
	snapshot_id VARCHAR(64), 
	name VARCHAR(255), 
	description VARCHAR(255), 
	size INTEGER NOT NULL, 
	status VARCHAR(64) NOT NULL, 
	availability_zone VARCHAR(255), 
	container VARCHAR(255), 
	is_incremental BOOLEAN NOT NULL, 
	parent_id VARCHAR(64), 
	fail_reason VARCHAR(255), 
	object_count INTEGER NOT NULL, 
	metadata JSON NOT NULL, 
	source_volume JSON, 
	data_timestamp DATETIME, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_volume_backups_created_at ON volume_backups (created_at);
CREATE INDEX ix_volume_backups_name ON volume_backups (name);
CREATE INDEX ix_volume_backups_page ON volume_backups (created_at, id);
CREATE INDEX ix_volume_backups_parent_id ON volume_backups (parent_id);
CREATE INDEX ix_volume_backups_project_id ON volume_backups (project_id);
CREATE INDEX ix_volume_backups_project_page ON volume_backups (project_id, created_at, id);
CREATE INDEX ix_volume_backups_status ON volume_backups (status);
CREATE INDEX ix_volume_backups_volume_id ON volume_backups (volume_id);
CREATE TABLE volume_quotas (
	project_id VARCHAR(64) NOT NULL, 
	resource VARCHAR(255) NOT NULL, 
	hard_limit INTEGER NOT NULL, 
	PRIMARY KEY (project_id, resource)
);
CREATE TABLE volume_messages (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	request_id VARCHAR(255) NOT NULL, 
	resource_type VARCHAR(64), 
	resource_uuid VARCHAR(64), 
	event_id VARCHAR(64) NOT NULL, 
	message_level VARCHAR(32) NOT NULL, 
	user_message VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_volume_messages_created_at ON volume_messages (created_at);
CREATE INDEX ix_volume_messages_project_id ON volume_messages (project_id);
CREATE TABLE volume_qos_specs (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	consumer VARCHAR(32) NOT NULL, 
	specs JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE volume_group_types (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255), 
	is_public BOOLEAN NOT NULL, 
	group_specs JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE volume_groups (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	description VARCHAR(255), 
	status VARCHAR(64) NOT NULL, 
	availability_zone VARCHAR(255) NOT NULL, 
	group_type_id VARCHAR(64) NOT NULL, 
	volume_type_ids JSON NOT NULL, 
	group_snapshot_id VARCHAR(64), 
	source_group_id VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_volume_groups_created_at ON volume_groups (created_at);
CREATE INDEX ix_volume_groups_project_id ON volume_groups (project_id);
CREATE TABLE volume_group_snapshots (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	group_id VARCHAR(64) NOT NULL, 
	group_type_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	description VARCHAR(255), 
	status VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_volume_group_snapshots_created_at ON volume_group_snapshots (created_at);
CREATE INDEX ix_volume_group_snapshots_group_id ON volume_group_snapshots (group_id);
CREATE INDEX ix_volume_group_snapshots_project_id ON volume_group_snapshots (project_id);
CREATE TABLE swift_accounts (
	account VARCHAR(255) NOT NULL, 
	created_at DOUBLE NOT NULL, 
	put_timestamp DOUBLE NOT NULL, 
	meta JSON NOT NULL, 
	PRIMARY KEY (account)
);
CREATE TABLE swift_containers (
	id INTEGER NOT NULL, 
	account VARCHAR(255) NOT NULL, 
	name BLOB NOT NULL, 
	created_at DOUBLE NOT NULL, 
	put_timestamp DOUBLE NOT NULL, 
	meta JSON NOT NULL, 
	object_count BIGINT NOT NULL, 
	bytes_used BIGINT NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_swift_containers_account_name UNIQUE (account, name)
);
CREATE TABLE swift_objects (
	container_id INTEGER NOT NULL, 
	name BLOB NOT NULL, 
	timestamp DOUBLE NOT NULL, 
	size BIGINT NOT NULL, 
	etag VARCHAR(64) NOT NULL, 
	content_type VARCHAR(256) NOT NULL, 
	meta JSON NOT NULL, 
	location VARCHAR(255), 
	delete_at DOUBLE, 
	PRIMARY KEY (container_id, name)
);
CREATE INDEX ix_swift_objects_delete_at ON swift_objects (delete_at);
CREATE TABLE image_images (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(255), 
	status VARCHAR(30) NOT NULL, 
	visibility VARCHAR(20) NOT NULL, 
	owner VARCHAR(64), 
	disk_format VARCHAR(20), 
	container_format VARCHAR(20), 
	size BIGINT, 
	virtual_size BIGINT, 
	checksum VARCHAR(32), 
	os_hash_algo VARCHAR(64), 
	os_hash_value VARCHAR(128), 
	min_disk INTEGER NOT NULL, 
	min_ram INTEGER NOT NULL, 
	protected BOOLEAN NOT NULL, 
	os_hidden BOOLEAN NOT NULL, 
	properties JSON NOT NULL, 
	tags JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	location TEXT, 
	staged_size BIGINT, 
	import_task VARCHAR(36), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_image_images_created ON image_images (created_at, id);
CREATE INDEX ix_image_images_created_at ON image_images (created_at);
CREATE INDEX ix_image_images_name ON image_images (name);
CREATE INDEX ix_image_images_os_hidden ON image_images (os_hidden);
CREATE INDEX ix_image_images_owner ON image_images (owner);
CREATE INDEX ix_image_images_page ON image_images (os_hidden, created_at, id);
CREATE INDEX ix_image_images_size ON image_images (size);
CREATE INDEX ix_image_images_status ON image_images (status);
CREATE INDEX ix_image_images_updated_at ON image_images (updated_at);
CREATE INDEX ix_image_images_visibility ON image_images (visibility);
CREATE TABLE image_tasks (
	id VARCHAR(36) NOT NULL, 
	type VARCHAR(30) NOT NULL, 
	status VARCHAR(30) NOT NULL, 
	owner VARCHAR(64), 
	user_id VARCHAR(64), 
	request_id VARCHAR(64), 
	image_id VARCHAR(36), 
	input JSON NOT NULL, 
	result JSON, 
	message TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	expires_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_image_tasks_created_at ON image_tasks (created_at);
CREATE INDEX ix_image_tasks_image_id ON image_tasks (image_id);
CREATE INDEX ix_image_tasks_owner ON image_tasks (owner);
CREATE INDEX ix_image_tasks_status ON image_tasks (status);
CREATE INDEX ix_image_tasks_updated_at ON image_tasks (updated_at);
CREATE TABLE image_cache_queue (
	image_id VARCHAR(36) NOT NULL, 
	queued_at DATETIME NOT NULL, 
	PRIMARY KEY (image_id)
);
CREATE INDEX ix_image_cache_queue_queued_at ON image_cache_queue (queued_at);
CREATE TABLE image_cached_images (
	id INTEGER NOT NULL, 
	image_id VARCHAR(36) NOT NULL, 
	size BIGINT NOT NULL, 
	hits INTEGER NOT NULL, 
	checksum VARCHAR(32), 
	last_accessed DATETIME NOT NULL, 
	last_modified DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (image_id)
);
CREATE INDEX ix_image_cached_images_last_accessed ON image_cached_images (last_accessed);
CREATE TABLE image_metadef_namespaces (
	id VARCHAR(36) NOT NULL, 
	namespace VARCHAR(80) NOT NULL, 
	display_name VARCHAR(80), 
	description TEXT, 
	visibility VARCHAR(32) NOT NULL, 
	protected BOOLEAN NOT NULL, 
	owner VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (namespace)
);
CREATE INDEX ix_image_metadef_namespaces_created_at ON image_metadef_namespaces (created_at);
CREATE INDEX ix_image_metadef_namespaces_owner ON image_metadef_namespaces (owner);
CREATE TABLE image_metadef_resource_types (
	name VARCHAR(80) NOT NULL, 
	protected BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (name)
);
CREATE TABLE km_secrets (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	creator_id VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	name VARCHAR(255), 
	algorithm VARCHAR(255), 
	bit_length INTEGER, 
	mode VARCHAR(255), 
	secret_type VARCHAR(255) NOT NULL, 
	expiration DATETIME, 
	content_type VARCHAR(255), 
	payload TEXT, 
	meta JSON NOT NULL, 
	acl JSON NOT NULL, 
	consumers JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_km_secrets_project_id ON km_secrets (project_id);
CREATE TABLE km_containers (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	creator_id VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	name VARCHAR(255), 
	type VARCHAR(32) NOT NULL, 
	secret_refs JSON NOT NULL, 
	acl JSON NOT NULL, 
	consumers JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_km_containers_project_id ON km_containers (project_id);
CREATE TABLE km_orders (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	creator_id VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	meta JSON NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	secret_id VARCHAR(36), 
	container_id VARCHAR(36), 
	error_status_code VARCHAR(16), 
	error_reason VARCHAR(255), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_km_orders_project_id ON km_orders (project_id);
CREATE TABLE km_project_quotas (
	project_id VARCHAR(64) NOT NULL, 
	quotas JSON NOT NULL, 
	PRIMARY KEY (project_id)
);
CREATE TABLE km_secret_stores (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	store_plugin VARCHAR(255) NOT NULL, 
	crypto_plugin VARCHAR(255), 
	global_default BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE km_preferred_stores (
	project_id VARCHAR(64) NOT NULL, 
	store_id VARCHAR(36) NOT NULL, 
	PRIMARY KEY (project_id)
);
CREATE TABLE compute_flavors (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	vcpus INTEGER NOT NULL, 
	ram INTEGER NOT NULL, 
	disk INTEGER NOT NULL, 
	ephemeral INTEGER NOT NULL, 
	swap INTEGER NOT NULL, 
	rxtx_factor FLOAT NOT NULL, 
	is_public BOOLEAN NOT NULL, 
	disabled BOOLEAN NOT NULL, 
	description TEXT, 
	extra_specs JSON NOT NULL, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE compute_keypairs (
	id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	type VARCHAR(8) NOT NULL, 
	public_key TEXT NOT NULL, 
	fingerprint VARCHAR(255) NOT NULL, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_compute_keypairs_user_name UNIQUE (user_id, name)
);
CREATE INDEX ix_compute_keypairs_user_id ON compute_keypairs (user_id);
CREATE TABLE compute_server_groups (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	policy VARCHAR(32) NOT NULL, 
	rules JSON NOT NULL, 
	created_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_compute_server_groups_project_id ON compute_server_groups (project_id);
CREATE TABLE compute_aggregates (
	id INTEGER NOT NULL, 
	uuid VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	availability_zone VARCHAR(255), 
	metadata JSON NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (uuid), 
	UNIQUE (name)
);
CREATE TABLE compute_services (
	id INTEGER NOT NULL, 
	uuid VARCHAR(64) NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	binary VARCHAR(64) NOT NULL, 
	topic VARCHAR(64), 
	disabled BOOLEAN NOT NULL, 
	disabled_reason VARCHAR(255), 
	forced_down BOOLEAN NOT NULL, 
	last_seen_up DATETIME, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_compute_services_host_binary UNIQUE (host, binary), 
	UNIQUE (uuid)
);
CREATE TABLE compute_nodes (
	id INTEGER NOT NULL, 
	uuid VARCHAR(64) NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	hypervisor_hostname VARCHAR(255) NOT NULL, 
	hypervisor_type VARCHAR(64) NOT NULL, 
	hypervisor_version INTEGER NOT NULL, 
	host_ip VARCHAR(64), 
	availability_zone VARCHAR(255) NOT NULL, 
	compute_driver VARCHAR(255) NOT NULL, 
	vcpus INTEGER NOT NULL, 
	memory_mb INTEGER NOT NULL, 
	local_gb INTEGER NOT NULL, 
	cpu_allocation_ratio FLOAT NOT NULL, 
	ram_allocation_ratio FLOAT NOT NULL, 
	disk_allocation_ratio FLOAT NOT NULL, 
	reserved_host_memory_mb INTEGER NOT NULL, 
	reserved_host_disk_mb INTEGER NOT NULL, 
	reserved_host_cpus INTEGER NOT NULL, 
	traits JSON NOT NULL, 
	driver_config JSON NOT NULL, 
	started_at DATETIME, 
	vcpus_used INTEGER NOT NULL, 
	memory_mb_used INTEGER NOT NULL, 
	local_gb_used INTEGER NOT NULL, 
	running_vms INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (uuid), 
	UNIQUE (host)
);
CREATE TABLE compute_instances (
	id INTEGER NOT NULL, 
	uuid VARCHAR(64) NOT NULL, 
	display_name VARCHAR(255) NOT NULL, 
	display_description TEXT, 
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	host VARCHAR(255), 
	node VARCHAR(255), 
	availability_zone VARCHAR(255), 
	vm_state VARCHAR(32) NOT NULL, 
	task_state VARCHAR(64), 
	power_state INTEGER NOT NULL, 
	progress INTEGER NOT NULL, 
	flavor JSON NOT NULL, 
	old_flavor JSON, 
	new_flavor JSON, 
	image_ref VARCHAR(64), 
	key_name VARCHAR(255), 
	key_data TEXT, 
	user_data TEXT, 
	config_drive VARCHAR(8), 
	access_ip_v4 VARCHAR(64), 
	access_ip_v6 VARCHAR(64), 
	locked BOOLEAN NOT NULL, 
	locked_by VARCHAR(16), 
	locked_reason TEXT, 
	hostname VARCHAR(255), 
	launch_index INTEGER NOT NULL, 
	reservation_id VARCHAR(64), 
	metadata JSON NOT NULL, 
	system_metadata JSON NOT NULL, 
	tags JSON NOT NULL, 
	addresses JSON NOT NULL, 
	block_devices JSON NOT NULL, 
	security_groups JSON NOT NULL, 
	requested_networks JSON, 
	scheduler_hints JSON NOT NULL, 
	fault JSON, 
	trusted_certs JSON, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	launched_at DATETIME, 
	terminated_at DATETIME, 
	deleted BOOLEAN NOT NULL, 
	deleted_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (uuid)
);
CREATE INDEX ix_compute_instances_created_at ON compute_instances (created_at);
CREATE INDEX ix_compute_instances_display_name ON compute_instances (display_name);
CREATE INDEX ix_compute_instances_host_live ON compute_instances (host, deleted);
CREATE INDEX ix_compute_instances_page ON compute_instances (deleted, created_at, id);
CREATE INDEX ix_compute_instances_project_page ON compute_instances (project_id, deleted, created_at, id);
CREATE INDEX ix_compute_instances_reservation_id ON compute_instances (reservation_id);
CREATE INDEX ix_compute_instances_user_id ON compute_instances (user_id);
CREATE INDEX ix_compute_instances_vm_state ON compute_instances (vm_state);
CREATE TABLE compute_migrations (
	id INTEGER NOT NULL, 
	uuid VARCHAR(64) NOT NULL, 
	instance_uuid VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64), 
	user_id VARCHAR(64), 
	source_compute VARCHAR(255), 
	dest_compute VARCHAR(255), 
	source_node VARCHAR(255), 
	dest_node VARCHAR(255), 
	dest_host VARCHAR(255), 
	old_instance_type_id VARCHAR(64), 
	new_instance_type_id VARCHAR(64), 
	migration_type VARCHAR(32) NOT NULL, 
	status VARCHAR(32) NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (uuid)
);
CREATE INDEX ix_compute_migrations_instance_uuid ON compute_migrations (instance_uuid);
CREATE TABLE compute_instance_actions (
	id INTEGER NOT NULL, 
	instance_uuid VARCHAR(64) NOT NULL, 
	request_id VARCHAR(64) NOT NULL, 
	action VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64), 
	user_id VARCHAR(64), 
	message TEXT, 
	start_time DATETIME, 
	finish_time DATETIME, 
	updated_at DATETIME, 
	events JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_compute_instance_actions_instance_request ON compute_instance_actions (instance_uuid, request_id);
CREATE TABLE compute_quotas (
	project_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	resource VARCHAR(64) NOT NULL, 
	hard_limit INTEGER NOT NULL, 
	PRIMARY KEY (project_id, user_id, resource)
);
CREATE TABLE compute_quota_classes (
	class_name VARCHAR(255) NOT NULL, 
	resource VARCHAR(64) NOT NULL, 
	hard_limit INTEGER NOT NULL, 
	PRIMARY KEY (class_name, resource)
);
CREATE TABLE placement_resource_classes (
	id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	standard BOOLEAN NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE placement_traits (
	id INTEGER NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	standard BOOLEAN NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE placement_resource_providers (
	id INTEGER NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	generation INTEGER NOT NULL, 
	parent_id INTEGER, 
	root_id INTEGER, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (uuid), 
	UNIQUE (name), 
	FOREIGN KEY(parent_id) REFERENCES placement_resource_providers (id)
);
CREATE INDEX ix_placement_resource_providers_parent_id ON placement_resource_providers (parent_id);
CREATE INDEX ix_placement_resource_providers_root_id ON placement_resource_providers (root_id);
CREATE TABLE placement_consumers (
	id INTEGER NOT NULL, 
	uuid VARCHAR(36) NOT NULL, 
	project_id VARCHAR(255) NOT NULL, 
	user_id VARCHAR(255) NOT NULL, 
	generation INTEGER NOT NULL, 
	consumer_type VARCHAR(255), 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (uuid)
);
CREATE INDEX ix_placement_consumers_project_id ON placement_consumers (project_id);
CREATE TABLE identity_domains (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	description TEXT NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	tags JSON NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE identity_projects (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	domain_id VARCHAR(64) NOT NULL, 
	parent_id VARCHAR(64), 
	description TEXT NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	tags JSON NOT NULL, 
	options JSON NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_identity_projects_domain_name UNIQUE (domain_id, name)
);
CREATE INDEX ix_identity_projects_domain_id ON identity_projects (domain_id);
CREATE INDEX ix_identity_projects_name ON identity_projects (name);
CREATE INDEX ix_identity_projects_parent_id ON identity_projects (parent_id);
CREATE TABLE identity_users (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	domain_id VARCHAR(64) NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	password_hash VARCHAR(255), 
	email VARCHAR(255), 
	description TEXT, 
	default_project_id VARCHAR(64), 
	password_expires_at DATETIME, 
	options JSON NOT NULL, 
	extra JSON NOT NULL, 
	created_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_identity_users_domain_name UNIQUE (domain_id, name)
);
CREATE INDEX ix_identity_users_domain_id ON identity_users (domain_id);
CREATE INDEX ix_identity_users_name ON identity_users (name);
CREATE TABLE identity_groups (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(64) NOT NULL, 
	domain_id VARCHAR(64) NOT NULL, 
	description TEXT NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_identity_groups_domain_name UNIQUE (domain_id, name)
);
CREATE INDEX ix_identity_groups_domain_id ON identity_groups (domain_id);
CREATE INDEX ix_identity_groups_name ON identity_groups (name);
CREATE TABLE identity_roles (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	domain_id VARCHAR(64) NOT NULL, 
	description TEXT, 
	options JSON NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_identity_roles_name_domain UNIQUE (name, domain_id)
);
CREATE INDEX ix_identity_roles_name ON identity_roles (name);
CREATE TABLE identity_regions (
	id VARCHAR(255) NOT NULL, 
	description TEXT NOT NULL, 
	parent_region_id VARCHAR(255), 
	extra JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE identity_services (
	id VARCHAR(64) NOT NULL, 
	type VARCHAR(255) NOT NULL, 
	name VARCHAR(255), 
	description TEXT, 
	enabled BOOLEAN NOT NULL, 
	builtin BOOLEAN NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_services_type ON identity_services (type);
CREATE TABLE identity_application_credentials (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64), 
	secret_hash VARCHAR(255) NOT NULL, 
	description TEXT, 
	expires_at DATETIME, 
	unrestricted BOOLEAN NOT NULL, 
	roles JSON NOT NULL, 
	access_rules JSON NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_identity_app_creds_user_name UNIQUE (user_id, name)
);
CREATE INDEX ix_identity_application_credentials_user_id ON identity_application_credentials (user_id);
CREATE TABLE identity_access_rules (
	id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	service VARCHAR(64), 
	path VARCHAR(128), 
	method VARCHAR(16), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_access_rules_user_id ON identity_access_rules (user_id);
CREATE TABLE identity_policies (
	id VARCHAR(64) NOT NULL, 
	type VARCHAR(255) NOT NULL, 
	blob TEXT NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE identity_oauth_consumers (
	id VARCHAR(64) NOT NULL, 
	secret_hash VARCHAR(255) NOT NULL, 
	description TEXT, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE identity_endpoint_groups (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description TEXT, 
	filters JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE identity_project_endpoints (
	endpoint_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (endpoint_id, project_id)
);
CREATE INDEX ix_identity_project_endpoints_project_id ON identity_project_endpoints (project_id);
CREATE TABLE identity_project_endpoint_groups (
	endpoint_group_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (endpoint_group_id, project_id)
);
CREATE INDEX ix_identity_project_endpoint_groups_project_id ON identity_project_endpoint_groups (project_id);
CREATE TABLE identity_identity_providers (
	id VARCHAR(64) NOT NULL, 
	domain_id VARCHAR(64) NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	description TEXT, 
	authorization_ttl INTEGER, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_identity_providers_domain_id ON identity_identity_providers (domain_id);
CREATE TABLE identity_idp_remote_ids (
	remote_id VARCHAR(255) NOT NULL, 
	idp_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (remote_id)
);
CREATE INDEX ix_identity_idp_remote_ids_idp_id ON identity_idp_remote_ids (idp_id);
CREATE TABLE identity_federation_protocols (
	idp_id VARCHAR(64) NOT NULL, 
	id VARCHAR(64) NOT NULL, 
	mapping_id VARCHAR(64) NOT NULL, 
	remote_id_attribute VARCHAR(64), 
	PRIMARY KEY (idp_id, id)
);
CREATE TABLE identity_mappings (
	id VARCHAR(64) NOT NULL, 
	rules JSON NOT NULL, 
	schema_version VARCHAR(5) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE identity_service_providers (
	id VARCHAR(64) NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	description TEXT, 
	auth_url VARCHAR(256) NOT NULL, 
	sp_url VARCHAR(256) NOT NULL, 
	relay_state_prefix VARCHAR(256), 
	PRIMARY KEY (id)
);
CREATE TABLE identity_trusts (
	id VARCHAR(64) NOT NULL, 
	trustor_user_id VARCHAR(64) NOT NULL, 
	trustee_user_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64), 
	impersonation BOOLEAN NOT NULL, 
	expires_at DATETIME, 
	remaining_uses INTEGER, 
	roles JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_trusts_trustee_user_id ON identity_trusts (trustee_user_id);
CREATE INDEX ix_identity_trusts_trustor_user_id ON identity_trusts (trustor_user_id);
CREATE TABLE identity_registered_limits (
	id VARCHAR(64) NOT NULL, 
	service_id VARCHAR(64) NOT NULL, 
	region_id VARCHAR(255), 
	resource_name VARCHAR(255) NOT NULL, 
	default_limit INTEGER NOT NULL, 
	description TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_registered_limits_service_id ON identity_registered_limits (service_id);
CREATE TABLE identity_limits (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64), 
	domain_id VARCHAR(64), 
	service_id VARCHAR(64) NOT NULL, 
	region_id VARCHAR(255), 
	resource_name VARCHAR(255) NOT NULL, 
	resource_limit INTEGER NOT NULL, 
	description TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_limits_domain_id ON identity_limits (domain_id);
CREATE INDEX ix_identity_limits_project_id ON identity_limits (project_id);
CREATE INDEX ix_identity_limits_service_id ON identity_limits (service_id);
CREATE TABLE identity_credentials (
	id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64), 
	type VARCHAR(255) NOT NULL, 
	blob TEXT NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_credentials_user_id ON identity_credentials (user_id);
CREATE TABLE identity_revocations (
	id INTEGER NOT NULL, 
	audit_id VARCHAR(64), 
	user_id VARCHAR(64), 
	project_id VARCHAR(64), 
	issued_before DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_identity_revocations_audit_id ON identity_revocations (audit_id);
CREATE TABLE identity_keys (
	id INTEGER NOT NULL, 
	"key" VARCHAR(64) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE network_networks (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	admin_state_up BOOLEAN NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	shared BOOLEAN NOT NULL, 
	external BOOLEAN NOT NULL, 
	is_default BOOLEAN NOT NULL, 
	mtu INTEGER NOT NULL, 
	port_security_enabled BOOLEAN NOT NULL, 
	network_type VARCHAR(32), 
	physical_network VARCHAR(64), 
	segmentation_id INTEGER, 
	availability_zone_hints JSON NOT NULL, 
	dns_domain VARCHAR(255), 
	qos_policy_id VARCHAR(64), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_networks_external ON network_networks (external);
CREATE INDEX ix_network_networks_name ON network_networks (name);
CREATE INDEX ix_network_networks_project_id ON network_networks (project_id);
CREATE INDEX ix_network_networks_qos_policy_id ON network_networks (qos_policy_id);
CREATE INDEX ix_network_networks_shared ON network_networks (shared);
CREATE TABLE network_address_scopes (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	ip_version INTEGER NOT NULL, 
	shared BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_address_scopes_name ON network_address_scopes (name);
CREATE INDEX ix_network_address_scopes_project_id ON network_address_scopes (project_id);
CREATE INDEX ix_network_address_scopes_shared ON network_address_scopes (shared);
CREATE TABLE network_address_groups (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	addresses JSON NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_address_groups_name ON network_address_groups (name);
CREATE INDEX ix_network_address_groups_project_id ON network_address_groups (project_id);
CREATE TABLE network_subnetpools (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	ip_version INTEGER NOT NULL, 
	prefixes JSON NOT NULL, 
	default_prefixlen INTEGER NOT NULL, 
	min_prefixlen INTEGER NOT NULL, 
	max_prefixlen INTEGER NOT NULL, 
	shared BOOLEAN NOT NULL, 
	is_default BOOLEAN NOT NULL, 
	default_quota INTEGER, 
	address_scope_id VARCHAR(64), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_subnetpools_address_scope_id ON network_subnetpools (address_scope_id);
CREATE INDEX ix_network_subnetpools_name ON network_subnetpools (name);
CREATE INDEX ix_network_subnetpools_project_id ON network_subnetpools (project_id);
CREATE INDEX ix_network_subnetpools_shared ON network_subnetpools (shared);
CREATE TABLE network_routers (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	admin_state_up BOOLEAN NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	gw_port_id VARCHAR(64), 
	gw_network_id VARCHAR(64), 
	enable_snat BOOLEAN NOT NULL, 
	gw_qos_policy_id VARCHAR(64), 
	distributed BOOLEAN NOT NULL, 
	ha BOOLEAN NOT NULL, 
	routes JSON NOT NULL, 
	availability_zone_hints JSON NOT NULL, 
	flavor_id VARCHAR(64), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_routers_gw_network_id ON network_routers (gw_network_id);
CREATE INDEX ix_network_routers_gw_qos_policy_id ON network_routers (gw_qos_policy_id);
CREATE INDEX ix_network_routers_name ON network_routers (name);
CREATE INDEX ix_network_routers_project_id ON network_routers (project_id);
CREATE TABLE network_security_groups (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	stateful BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_security_groups_name ON network_security_groups (name);
CREATE INDEX ix_network_security_groups_project_id ON network_security_groups (project_id);
CREATE TABLE network_rbac_policies (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	object_type VARCHAR(32) NOT NULL, 
	object_id VARCHAR(64) NOT NULL, 
	action VARCHAR(32) NOT NULL, 
	target_tenant VARCHAR(255) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_network_rbac_policies UNIQUE (object_type, object_id, action, target_tenant)
);
CREATE INDEX ix_network_rbac_policies_name ON network_rbac_policies (name);
CREATE INDEX ix_network_rbac_policies_object_id ON network_rbac_policies (object_id);
CREATE INDEX ix_network_rbac_policies_project_id ON network_rbac_policies (project_id);
CREATE INDEX ix_network_rbac_policies_target_tenant ON network_rbac_policies (target_tenant);
CREATE TABLE network_default_security_group_rules (
	id VARCHAR(64) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	direction VARCHAR(8) NOT NULL, 
	ethertype VARCHAR(8) NOT NULL, 
	protocol VARCHAR(40), 
	port_range_min INTEGER, 
	port_range_max INTEGER, 
	remote_ip_prefix VARCHAR(64), 
	remote_group_id VARCHAR(64), 
	remote_address_group_id VARCHAR(64), 
	used_in_default_sg BOOLEAN NOT NULL, 
	used_in_non_default_sg BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE network_qos_policies (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	shared BOOLEAN NOT NULL, 
	is_default BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_qos_policies_name ON network_qos_policies (name);
CREATE INDEX ix_network_qos_policies_project_id ON network_qos_policies (project_id);
CREATE INDEX ix_network_qos_policies_shared ON network_qos_policies (shared);
CREATE TABLE network_quotas (
	project_id VARCHAR(64) NOT NULL, 
	resource VARCHAR(64) NOT NULL, 
	"limit" INTEGER NOT NULL, 
	PRIMARY KEY (project_id, resource)
);
CREATE TABLE network_agents (
	id VARCHAR(64) NOT NULL, 
	agent_type VARCHAR(64) NOT NULL, 
	binary VARCHAR(64) NOT NULL, 
	topic VARCHAR(64) NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	availability_zone VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	description VARCHAR(255), 
	configurations JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	started_at DATETIME NOT NULL, 
	heartbeat_timestamp DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_network_agents_type_host UNIQUE (agent_type, host)
);
CREATE INDEX ix_network_agents_host ON network_agents (host);
CREATE TABLE network_tags (
	resource_id VARCHAR(64) NOT NULL, 
	tag VARCHAR(255) NOT NULL, 
	PRIMARY KEY (resource_id, tag)
);
CREATE INDEX ix_network_tags_tag ON network_tags (tag);
CREATE TABLE network_flavors (
	id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(1024) NOT NULL, 
	service_type VARCHAR(36) NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_network_flavors_name ON network_flavors (name);
CREATE TABLE network_service_profiles (
	id VARCHAR(64) NOT NULL, 
	description VARCHAR(1024) NOT NULL, 
	driver VARCHAR(1024) NOT NULL, 
	enabled BOOLEAN NOT NULL, 
	metainfo VARCHAR(4096) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE dns_zones (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	email VARCHAR(255), 
	ttl INTEGER NOT NULL, 
	serial BIGINT NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	action VARCHAR(16) NOT NULL, 
	type VARCHAR(16) NOT NULL, 
	masters JSON, 
	transferred_at VARCHAR(32), 
	description VARCHAR(160), 
	version INTEGER NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE INDEX ix_dns_zones_project_id ON dns_zones (project_id);
CREATE TABLE dns_recordsets (
	id VARCHAR(36) NOT NULL, 
	zone_id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	type VARCHAR(8) NOT NULL, 
	ttl INTEGER, 
	records JSON NOT NULL, 
	description VARCHAR(160), 
	managed BOOLEAN NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	action VARCHAR(16) NOT NULL, 
	version INTEGER NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id), 
	CONSTRAINT uq_dns_recordsets_zone_name_type UNIQUE (zone_id, name, type)
);
CREATE INDEX ix_dns_recordsets_zone_id ON dns_recordsets (zone_id);
CREATE TABLE dns_transfer_requests (
	id VARCHAR(36) NOT NULL, 
	zone_id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	target_project_id VARCHAR(64), 
	"key" VARCHAR(255) NOT NULL, 
	description VARCHAR(160), 
	status VARCHAR(16) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_dns_transfer_requests_zone_id ON dns_transfer_requests (zone_id);
CREATE TABLE dns_transfer_accepts (
	id VARCHAR(36) NOT NULL, 
	zone_id VARCHAR(36) NOT NULL, 
	transfer_request_id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	"key" VARCHAR(255) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id)
);
CREATE TABLE dns_tlds (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(160), 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE dns_blacklists (
	id VARCHAR(36) NOT NULL, 
	pattern VARCHAR(255) NOT NULL, 
	description VARCHAR(160), 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE (pattern)
);
CREATE TABLE dns_pools (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(50) NOT NULL, 
	description VARCHAR(160), 
	attributes JSON NOT NULL, 
	ns_records JSON NOT NULL, 
	project_id VARCHAR(64), 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE dns_tsigkeys (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(160) NOT NULL, 
	algorithm VARCHAR(32) NOT NULL, 
	secret VARCHAR(160) NOT NULL, 
	scope VARCHAR(8) NOT NULL, 
	resource_id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE dns_quotas (
	project_id VARCHAR(64) NOT NULL, 
	resource VARCHAR(32) NOT NULL, 
	hard_limit INTEGER NOT NULL, 
	PRIMARY KEY (project_id, resource)
);
CREATE TABLE dns_zone_tasks (
	id VARCHAR(36) NOT NULL, 
	task_type VARCHAR(8) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	zone_id VARCHAR(36), 
	status VARCHAR(16) NOT NULL, 
	message VARCHAR(160), 
	location VARCHAR(160), 
	source TEXT, 
	version INTEGER NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_dns_zone_tasks_project_id ON dns_zone_tasks (project_id);
CREATE TABLE dns_shared_zones (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	target_project_id VARCHAR(64) NOT NULL, 
	zone_id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id), 
	CONSTRAINT uq_dns_shared_zones_zone_target UNIQUE (zone_id, target_project_id)
);
CREATE INDEX ix_dns_shared_zones_zone_id ON dns_shared_zones (zone_id);
CREATE TABLE dns_ptrs (
	"key" VARCHAR(100) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	address VARCHAR(64) NOT NULL, 
	ptrdname VARCHAR(255) NOT NULL, 
	description VARCHAR(160), 
	ttl INTEGER, 
	status VARCHAR(16) NOT NULL, 
	action VARCHAR(16) NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE INDEX ix_dns_ptrs_project_id ON dns_ptrs (project_id);
CREATE TABLE load_balancer_load_balancers (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	provisioning_status VARCHAR(16) NOT NULL, 
	operating_status VARCHAR(16) NOT NULL, 
	tags JSON NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	description VARCHAR(255), 
	vip_address VARCHAR(64), 
	vip_port_id VARCHAR(36), 
	vip_subnet_id VARCHAR(36), 
	vip_network_id VARCHAR(36), 
	vip_qos_policy_id VARCHAR(36), 
	vip_sg_ids JSON, 
	vip_vnic_type VARCHAR(16) NOT NULL, 
	additional_vips JSON NOT NULL, 
	provider VARCHAR(64) NOT NULL, 
	flavor_id VARCHAR(36), 
	availability_zone VARCHAR(255), 
	topology VARCHAR(16) NOT NULL, 
	vip_port_owned BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_load_balancer_load_balancers_project_id ON load_balancer_load_balancers (project_id);
CREATE TABLE load_balancer_listeners (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	provisioning_status VARCHAR(16) NOT NULL, 
	operating_status VARCHAR(16) NOT NULL, 
	tags JSON NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	load_balancer_id VARCHAR(36) NOT NULL, 
	description VARCHAR(255), 
	protocol VARCHAR(32) NOT NULL, 
	protocol_port INTEGER NOT NULL, 
	connection_limit INTEGER NOT NULL, 
	default_pool_id VARCHAR(36), 
	default_tls_container_ref VARCHAR(255), 
	sni_container_refs JSON NOT NULL, 
	insert_headers JSON NOT NULL, 
	timeout_client_data INTEGER NOT NULL, 
	timeout_member_connect INTEGER NOT NULL, 
	timeout_member_data INTEGER NOT NULL, 
	timeout_tcp_inspect INTEGER NOT NULL, 
	client_authentication VARCHAR(16) NOT NULL, 
	client_ca_tls_container_ref VARCHAR(255), 
	client_crl_container_ref VARCHAR(255), 
	allowed_cidrs JSON, 
	tls_ciphers VARCHAR(2048), 
	tls_versions JSON, 
	alpn_protocols JSON, 
	hsts_max_age INTEGER, 
	hsts_include_subdomains BOOLEAN NOT NULL, 
	hsts_preload BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_load_balancer_listeners_load_balancer_id ON load_balancer_listeners (load_balancer_id);
CREATE INDEX ix_load_balancer_listeners_project_id ON load_balancer_listeners (project_id);
CREATE TABLE load_balancer_pools (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	provisioning_status VARCHAR(16) NOT NULL, 
	operating_status VARCHAR(16) NOT NULL, 
	tags JSON NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	load_balancer_id VARCHAR(36) NOT NULL, 
	listener_id VARCHAR(36), 
	description VARCHAR(255), 
	protocol VARCHAR(32) NOT NULL, 
	lb_algorithm VARCHAR(32) NOT NULL, 
	session_persistence JSON, 
	tls_enabled BOOLEAN NOT NULL, 
	tls_container_ref VARCHAR(255), 
	ca_tls_container_ref VARCHAR(255), 
	crl_container_ref VARCHAR(255), 
	tls_ciphers VARCHAR(2048), 
	tls_versions JSON, 
	alpn_protocols JSON, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_load_balancer_pools_load_balancer_id ON load_balancer_pools (load_balancer_id);
CREATE INDEX ix_load_balancer_pools_project_id ON load_balancer_pools (project_id);
CREATE TABLE load_balancer_members (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	provisioning_status VARCHAR(16) NOT NULL, 
	operating_status VARCHAR(16) NOT NULL, 
	tags JSON NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	load_balancer_id VARCHAR(36) NOT NULL, 
	pool_id VARCHAR(36) NOT NULL, 
	address VARCHAR(64) NOT NULL, 
	protocol_port INTEGER NOT NULL, 
	weight INTEGER NOT NULL, 
	backup BOOLEAN NOT NULL, 
	subnet_id VARCHAR(36), 
	monitor_address VARCHAR(64), 
	monitor_port INTEGER, 
	vnic_type VARCHAR(16) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_load_balancer_members_load_balancer_id ON load_balancer_members (load_balancer_id);
CREATE INDEX ix_load_balancer_members_pool_id ON load_balancer_members (pool_id);
CREATE INDEX ix_load_balancer_members_project_id ON load_balancer_members (project_id);
CREATE TABLE load_balancer_health_monitors (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	provisioning_status VARCHAR(16) NOT NULL, 
	operating_status VARCHAR(16) NOT NULL, 
	tags JSON NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	load_balancer_id VARCHAR(36) NOT NULL, 
	pool_id VARCHAR(36) NOT NULL, 
	type VARCHAR(36) NOT NULL, 
	delay INTEGER NOT NULL, 
	timeout INTEGER NOT NULL, 
	max_retries INTEGER NOT NULL, 
	max_retries_down INTEGER NOT NULL, 
	http_method VARCHAR(16), 
	url_path VARCHAR(2048), 
	expected_codes VARCHAR(64), 
	http_version FLOAT, 
	domain_name VARCHAR(255), 
	PRIMARY KEY (id), 
	UNIQUE (pool_id)
);
CREATE INDEX ix_load_balancer_health_monitors_load_balancer_id ON load_balancer_health_monitors (load_balancer_id);
CREATE INDEX ix_load_balancer_health_monitors_project_id ON load_balancer_health_monitors (project_id);
CREATE TABLE load_balancer_l7policies (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	provisioning_status VARCHAR(16) NOT NULL, 
	operating_status VARCHAR(16) NOT NULL, 
	tags JSON NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	load_balancer_id VARCHAR(36) NOT NULL, 
	listener_id VARCHAR(36) NOT NULL, 
	description VARCHAR(255), 
	action VARCHAR(32) NOT NULL, 
	position INTEGER NOT NULL, 
	redirect_pool_id VARCHAR(36), 
	redirect_url VARCHAR(2048), 
	redirect_prefix VARCHAR(2048), 
	redirect_http_code INTEGER, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_load_balancer_l7policies_listener_id ON load_balancer_l7policies (listener_id);
CREATE INDEX ix_load_balancer_l7policies_load_balancer_id ON load_balancer_l7policies (load_balancer_id);
CREATE INDEX ix_load_balancer_l7policies_project_id ON load_balancer_l7policies (project_id);
CREATE TABLE load_balancer_l7rules (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	admin_state_up BOOLEAN NOT NULL, 
	provisioning_status VARCHAR(16) NOT NULL, 
	operating_status VARCHAR(16) NOT NULL, 
	tags JSON NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	load_balancer_id VARCHAR(36) NOT NULL, 
	l7policy_id VARCHAR(36) NOT NULL, 
	type VARCHAR(36) NOT NULL, 
	compare_type VARCHAR(36) NOT NULL, 
	"key" VARCHAR(255), 
	value VARCHAR(255) NOT NULL, 
	invert BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_load_balancer_l7rules_l7policy_id ON load_balancer_l7rules (l7policy_id);
CREATE INDEX ix_load_balancer_l7rules_load_balancer_id ON load_balancer_l7rules (load_balancer_id);
CREATE INDEX ix_load_balancer_l7rules_project_id ON load_balancer_l7rules (project_id);
CREATE TABLE load_balancer_amphorae (
	id VARCHAR(36) NOT NULL, 
	load_balancer_id VARCHAR(36), 
	compute_id VARCHAR(36), 
	status VARCHAR(36) NOT NULL, 
	role VARCHAR(36), 
	lb_network_ip VARCHAR(64), 
	vrrp_ip VARCHAR(64), 
	ha_ip VARCHAR(64), 
	vrrp_port_id VARCHAR(36), 
	ha_port_id VARCHAR(36), 
	vrrp_interface VARCHAR(16), 
	vrrp_id INTEGER, 
	vrrp_priority INTEGER, 
	cached_zone VARCHAR(255), 
	image_id VARCHAR(36), 
	compute_flavor VARCHAR(255), 
	cert_expiration VARCHAR(32), 
	cert_busy BOOLEAN NOT NULL, 
	created_at VARCHAR(32) NOT NULL, 
	updated_at VARCHAR(32), 
	PRIMARY KEY (id)
);
CREATE INDEX ix_load_balancer_amphorae_load_balancer_id ON load_balancer_amphorae (load_balancer_id);
CREATE TABLE load_balancer_quotas (
	project_id VARCHAR(64) NOT NULL, 
	load_balancer INTEGER, 
	listener INTEGER, 
	pool INTEGER, 
	health_monitor INTEGER, 
	member INTEGER, 
	l7policy INTEGER, 
	l7rule INTEGER, 
	PRIMARY KEY (project_id)
);
CREATE TABLE load_balancer_flavor_profiles (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	provider_name VARCHAR(255) NOT NULL, 
	flavor_data VARCHAR(4096) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE load_balancer_flavors (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255), 
	enabled BOOLEAN NOT NULL, 
	flavor_profile_id VARCHAR(36) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE load_balancer_availability_zone_profiles (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	provider_name VARCHAR(255) NOT NULL, 
	availability_zone_data VARCHAR(4096) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE load_balancer_availability_zones (
	id VARCHAR(255) NOT NULL, 
	description VARCHAR(255), 
	enabled BOOLEAN NOT NULL, 
	availability_zone_profile_id VARCHAR(36) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE orchestration_stacks (
	id VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	owner JSON NOT NULL, 
	action VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	status_reason TEXT NOT NULL, 
	template JSON NOT NULL, 
	files JSON NOT NULL, 
	environment JSON NOT NULL, 
	params JSON NOT NULL, 
	tags JSON, 
	timeout_mins INTEGER, 
	disable_rollback BOOLEAN NOT NULL, 
	parent_id VARCHAR(36), 
	parent_resource VARCHAR(255), 
	previous JSON, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	deleted_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_orchestration_stacks_parent_id ON orchestration_stacks (parent_id);
CREATE INDEX ix_orchestration_stacks_project_id ON orchestration_stacks (project_id);
CREATE TABLE orchestration_resources (
	id VARCHAR(36) NOT NULL, 
	stack_id VARCHAR(36) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	type VARCHAR(255) NOT NULL, 
	physical_id VARCHAR(255), 
	action VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	status_reason TEXT NOT NULL, 
	properties JSON, 
	data JSON NOT NULL, 
	metadata JSON NOT NULL, 
	requires JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_orchestration_resources_stack_name UNIQUE (stack_id, name)
);
CREATE INDEX ix_orchestration_resources_stack_id ON orchestration_resources (stack_id);
CREATE TABLE orchestration_events (
	seq INTEGER NOT NULL, 
	id VARCHAR(36) NOT NULL, 
	stack_id VARCHAR(36) NOT NULL, 
	resource_name VARCHAR(255) NOT NULL, 
	physical_id VARCHAR(255), 
	resource_type VARCHAR(255) NOT NULL, 
	action VARCHAR(16) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	reason TEXT NOT NULL, 
	properties JSON, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (seq), 
	UNIQUE (id)
);
CREATE INDEX ix_orchestration_events_stack_id ON orchestration_events (stack_id);
CREATE TABLE orchestration_snapshots (
	id VARCHAR(36) NOT NULL, 
	stack_id VARCHAR(36) NOT NULL, 
	name VARCHAR(255), 
	status VARCHAR(16) NOT NULL, 
	status_reason TEXT NOT NULL, 
	data JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_orchestration_snapshots_stack_id ON orchestration_snapshots (stack_id);
CREATE TABLE orchestration_software_configs (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	"group" VARCHAR(255) NOT NULL, 
	config TEXT, 
	inputs JSON NOT NULL, 
	outputs JSON NOT NULL, 
	options JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_orchestration_software_configs_project_id ON orchestration_software_configs (project_id);
CREATE TABLE orchestration_software_deployments (
	id VARCHAR(36) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	config_id VARCHAR(36) NOT NULL, 
	server_id VARCHAR(255) NOT NULL, 
	input_values JSON NOT NULL, 
	output_values JSON NOT NULL, 
	action VARCHAR(255) NOT NULL, 
	status VARCHAR(255) NOT NULL, 
	status_reason TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_orchestration_software_deployments_project_id ON orchestration_software_deployments (project_id);
CREATE INDEX ix_orchestration_software_deployments_server_id ON orchestration_software_deployments (server_id);
CREATE TABLE volume_type_access (
	type_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (type_id, project_id), 
	FOREIGN KEY(type_id) REFERENCES volume_types (id) ON DELETE CASCADE
);
CREATE INDEX ix_volume_type_access_project_id ON volume_type_access (project_id);
CREATE TABLE volume_default_types (
	project_id VARCHAR(64) NOT NULL, 
	type_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (project_id), 
	FOREIGN KEY(type_id) REFERENCES volume_types (id) ON DELETE CASCADE
);
CREATE TABLE volume_attachments (
	id VARCHAR(64) NOT NULL, 
	volume_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	instance_uuid VARCHAR(64), 
	attached_host VARCHAR(255), 
	mountpoint VARCHAR(255), 
	attach_status VARCHAR(64) NOT NULL, 
	attach_mode VARCHAR(8), 
	connector JSON, 
	connection_info JSON, 
	attach_time DATETIME, 
	detach_time DATETIME, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(volume_id) REFERENCES volume_volumes (id) ON DELETE CASCADE
);
CREATE INDEX ix_volume_attachments_instance_uuid ON volume_attachments (instance_uuid);
CREATE INDEX ix_volume_attachments_project_id ON volume_attachments (project_id);
CREATE INDEX ix_volume_attachments_volume_id ON volume_attachments (volume_id);
CREATE TABLE volume_transfers (
	id VARCHAR(64) NOT NULL, 
	volume_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	salt VARCHAR(64) NOT NULL, 
	crypt_hash VARCHAR(255) NOT NULL, 
	no_snapshots BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(volume_id) REFERENCES volume_volumes (id) ON DELETE CASCADE
);
CREATE INDEX ix_volume_transfers_created_at ON volume_transfers (created_at);
CREATE INDEX ix_volume_transfers_project_id ON volume_transfers (project_id);
CREATE INDEX ix_volume_transfers_volume_id ON volume_transfers (volume_id);
CREATE TABLE volume_type_encryption (
	type_id VARCHAR(64) NOT NULL, 
	encryption_id VARCHAR(64) NOT NULL, 
	provider VARCHAR(255) NOT NULL, 
	cipher VARCHAR(255), 
	key_size INTEGER, 
	control_location VARCHAR(32) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME, 
	PRIMARY KEY (type_id), 
	FOREIGN KEY(type_id) REFERENCES volume_types (id) ON DELETE CASCADE, 
	UNIQUE (encryption_id)
);
CREATE TABLE image_tags (
	image_id VARCHAR(36) NOT NULL, 
	tag VARCHAR(255) NOT NULL, 
	PRIMARY KEY (image_id, tag), 
	FOREIGN KEY(image_id) REFERENCES image_images (id) ON DELETE CASCADE
);
CREATE INDEX ix_image_tags_tag ON image_tags (tag);
CREATE TABLE image_members (
	image_id VARCHAR(36) NOT NULL, 
	member_id VARCHAR(64) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (image_id, member_id), 
	FOREIGN KEY(image_id) REFERENCES image_images (id) ON DELETE CASCADE
);
CREATE INDEX ix_image_members_member_id ON image_members (member_id);
CREATE TABLE image_metadef_items (
	namespace_id VARCHAR(36) NOT NULL, 
	kind VARCHAR(10) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	body JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (namespace_id, kind, name), 
	FOREIGN KEY(namespace_id) REFERENCES image_metadef_namespaces (id) ON DELETE CASCADE
);
CREATE TABLE image_metadef_associations (
	namespace_id VARCHAR(36) NOT NULL, 
	resource_type VARCHAR(80) NOT NULL, 
	prefix VARCHAR(80), 
	properties_target VARCHAR(80), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (namespace_id, resource_type), 
	FOREIGN KEY(namespace_id) REFERENCES image_metadef_namespaces (id) ON DELETE CASCADE, 
	FOREIGN KEY(resource_type) REFERENCES image_metadef_resource_types (name) ON DELETE CASCADE
);
CREATE TABLE compute_flavor_access (
	flavor_id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (flavor_id, project_id), 
	FOREIGN KEY(flavor_id) REFERENCES compute_flavors (id) ON DELETE CASCADE
);
CREATE INDEX ix_compute_flavor_access_project_id ON compute_flavor_access (project_id);
CREATE TABLE compute_server_group_members (
	group_id VARCHAR(64) NOT NULL, 
	instance_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (group_id, instance_id), 
	FOREIGN KEY(group_id) REFERENCES compute_server_groups (id) ON DELETE CASCADE
);
CREATE INDEX ix_compute_server_group_members_instance_id ON compute_server_group_members (instance_id);
CREATE TABLE compute_aggregate_hosts (
	aggregate_id INTEGER NOT NULL, 
	host VARCHAR(255) NOT NULL, 
	PRIMARY KEY (aggregate_id, host), 
	FOREIGN KEY(aggregate_id) REFERENCES compute_aggregates (id) ON DELETE CASCADE
);
CREATE INDEX ix_compute_aggregate_hosts_host ON compute_aggregate_hosts (host);
CREATE TABLE placement_inventories (
	id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	resource_class VARCHAR(255) NOT NULL, 
	total INTEGER NOT NULL, 
	reserved INTEGER NOT NULL, 
	min_unit INTEGER NOT NULL, 
	max_unit INTEGER NOT NULL, 
	step_size INTEGER NOT NULL, 
	allocation_ratio FLOAT NOT NULL, 
	used INTEGER NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_placement_inventories_rp_rc UNIQUE (provider_id, resource_class), 
	FOREIGN KEY(provider_id) REFERENCES placement_resource_providers (id) ON DELETE CASCADE
);
CREATE INDEX ix_placement_inventories_rc_rp ON placement_inventories (resource_class, provider_id);
CREATE TABLE placement_allocations (
	id INTEGER NOT NULL, 
	provider_id INTEGER NOT NULL, 
	consumer_id VARCHAR(36) NOT NULL, 
	resource_class VARCHAR(255) NOT NULL, 
	used INTEGER NOT NULL, 
	created_at DATETIME, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(provider_id) REFERENCES placement_resource_providers (id)
);
CREATE INDEX ix_placement_allocations_consumer_id ON placement_allocations (consumer_id);
CREATE INDEX ix_placement_allocations_rp_rc ON placement_allocations (provider_id, resource_class);
CREATE TABLE placement_provider_traits (
	provider_id INTEGER NOT NULL, 
	trait VARCHAR(255) NOT NULL, 
	PRIMARY KEY (provider_id, trait), 
	FOREIGN KEY(provider_id) REFERENCES placement_resource_providers (id) ON DELETE CASCADE
);
CREATE INDEX ix_placement_provider_traits_trait ON placement_provider_traits (trait, provider_id);
CREATE TABLE placement_provider_aggregates (
	provider_id INTEGER NOT NULL, 
	aggregate VARCHAR(36) NOT NULL, 
	PRIMARY KEY (provider_id, aggregate), 
	FOREIGN KEY(provider_id) REFERENCES placement_resource_providers (id) ON DELETE CASCADE
);
CREATE INDEX ix_placement_provider_aggregates_agg ON placement_provider_aggregates (aggregate, provider_id);
CREATE TABLE identity_project_tags (
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	PRIMARY KEY (project_id, name), 
	FOREIGN KEY(project_id) REFERENCES identity_projects (id) ON DELETE CASCADE
);
CREATE INDEX ix_identity_project_tags_name ON identity_project_tags (name);
CREATE TABLE identity_group_members (
	group_id VARCHAR(64) NOT NULL, 
	user_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (group_id, user_id), 
	FOREIGN KEY(group_id) REFERENCES identity_groups (id) ON DELETE CASCADE, 
	FOREIGN KEY(user_id) REFERENCES identity_users (id) ON DELETE CASCADE
);
CREATE INDEX ix_identity_group_members_user_id ON identity_group_members (user_id);
CREATE TABLE identity_implied_roles (
	prior_role_id VARCHAR(64) NOT NULL, 
	implied_role_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (prior_role_id, implied_role_id), 
	FOREIGN KEY(prior_role_id) REFERENCES identity_roles (id) ON DELETE CASCADE, 
	FOREIGN KEY(implied_role_id) REFERENCES identity_roles (id) ON DELETE CASCADE
);
CREATE TABLE identity_assignments (
	type VARCHAR(16) NOT NULL, 
	actor_id VARCHAR(64) NOT NULL, 
	target_id VARCHAR(64) NOT NULL, 
	role_id VARCHAR(64) NOT NULL, 
	inherited BOOLEAN NOT NULL, 
	PRIMARY KEY (type, actor_id, target_id, role_id, inherited), 
	FOREIGN KEY(role_id) REFERENCES identity_roles (id) ON DELETE CASCADE
);
CREATE INDEX ix_identity_assignments_actor_id ON identity_assignments (actor_id);
CREATE INDEX ix_identity_assignments_role_id ON identity_assignments (role_id);
CREATE INDEX ix_identity_assignments_target_id ON identity_assignments (target_id);
CREATE TABLE identity_endpoints (
	id VARCHAR(64) NOT NULL, 
	service_id VARCHAR(64) NOT NULL, 
	interface VARCHAR(8) NOT NULL, 
	url TEXT NOT NULL, 
	region_id VARCHAR(255), 
	enabled BOOLEAN NOT NULL, 
	extra JSON NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(service_id) REFERENCES identity_services (id) ON DELETE CASCADE
);
CREATE INDEX ix_identity_endpoints_service_id ON identity_endpoints (service_id);
CREATE TABLE identity_domain_configs (
	domain_id VARCHAR(64) NOT NULL, 
	config JSON NOT NULL, 
	PRIMARY KEY (domain_id), 
	FOREIGN KEY(domain_id) REFERENCES identity_domains (id) ON DELETE CASCADE
);
CREATE TABLE network_segments (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255), 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	network_id VARCHAR(64) NOT NULL, 
	network_type VARCHAR(32) NOT NULL, 
	physical_network VARCHAR(64), 
	segmentation_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(network_id) REFERENCES network_networks (id)
);
CREATE INDEX ix_network_segments_name ON network_segments (name);
CREATE INDEX ix_network_segments_network_id ON network_segments (network_id);
CREATE INDEX ix_network_segments_project_id ON network_segments (project_id);
CREATE TABLE network_subnets (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	network_id VARCHAR(64) NOT NULL, 
	ip_version INTEGER NOT NULL, 
	cidr VARCHAR(64) NOT NULL, 
	gateway_ip VARCHAR(64), 
	enable_dhcp BOOLEAN NOT NULL, 
	ipv6_ra_mode VARCHAR(16), 
	ipv6_address_mode VARCHAR(16), 
	subnetpool_id VARCHAR(64), 
	segment_id VARCHAR(64), 
	allocation_pools JSON NOT NULL, 
	dns_nameservers JSON NOT NULL, 
	host_routes JSON NOT NULL, 
	service_types JSON NOT NULL, 
	ipam_cursor VARCHAR(40), 
	PRIMARY KEY (id), 
	FOREIGN KEY(network_id) REFERENCES network_networks (id)
);
CREATE INDEX ix_network_subnets_cidr ON network_subnets (cidr);
CREATE INDEX ix_network_subnets_name ON network_subnets (name);
CREATE INDEX ix_network_subnets_network_id ON network_subnets (network_id);
CREATE INDEX ix_network_subnets_project_id ON network_subnets (project_id);
CREATE INDEX ix_network_subnets_subnetpool_id ON network_subnets (subnetpool_id);
CREATE TABLE network_ports (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	network_id VARCHAR(64) NOT NULL, 
	mac_address VARCHAR(32) NOT NULL, 
	admin_state_up BOOLEAN NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	device_id VARCHAR(255) NOT NULL, 
	device_owner VARCHAR(255) NOT NULL, 
	binding_host_id VARCHAR(255) NOT NULL, 
	binding_vnic_type VARCHAR(32) NOT NULL, 
	binding_profile JSON NOT NULL, 
	port_security_enabled BOOLEAN NOT NULL, 
	allowed_address_pairs JSON NOT NULL, 
	dns_name VARCHAR(255) NOT NULL, 
	extra_dhcp_opts JSON NOT NULL, 
	qos_policy_id VARCHAR(64), 
	propagate_uplink_status BOOLEAN NOT NULL, 
	numa_affinity_policy VARCHAR(16), 
	device_profile VARCHAR(255), 
	created_for_instance BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_network_ports_network_mac UNIQUE (network_id, mac_address), 
	FOREIGN KEY(network_id) REFERENCES network_networks (id)
);
CREATE INDEX ix_network_ports_device_id ON network_ports (device_id);
CREATE INDEX ix_network_ports_name ON network_ports (name);
CREATE INDEX ix_network_ports_project_id ON network_ports (project_id);
CREATE INDEX ix_network_ports_qos_policy_id ON network_ports (qos_policy_id) WHERE qos_policy_id IS NOT NULL;
CREATE TABLE network_floating_ips (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	floating_network_id VARCHAR(64) NOT NULL, 
	floating_ip_address VARCHAR(64) NOT NULL, 
	floating_port_id VARCHAR(64) NOT NULL, 
	port_id VARCHAR(64), 
	fixed_ip_address VARCHAR(64), 
	router_id VARCHAR(64), 
	status VARCHAR(16) NOT NULL, 
	dns_name VARCHAR(255) NOT NULL, 
	dns_domain VARCHAR(255) NOT NULL, 
	qos_policy_id VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(floating_network_id) REFERENCES network_networks (id)
);
CREATE INDEX ix_network_floating_ips_floating_ip_address ON network_floating_ips (floating_ip_address);
CREATE INDEX ix_network_floating_ips_floating_network_id ON network_floating_ips (floating_network_id);
CREATE INDEX ix_network_floating_ips_name ON network_floating_ips (name);
CREATE INDEX ix_network_floating_ips_port_id ON network_floating_ips (port_id);
CREATE INDEX ix_network_floating_ips_project_id ON network_floating_ips (project_id);
CREATE INDEX ix_network_floating_ips_qos_policy_id ON network_floating_ips (qos_policy_id);
CREATE INDEX ix_network_floating_ips_router_id ON network_floating_ips (router_id);
CREATE TABLE network_default_security_groups (
	project_id VARCHAR(64) NOT NULL, 
	security_group_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (project_id), 
	FOREIGN KEY(security_group_id) REFERENCES network_security_groups (id) ON DELETE CASCADE
);
CREATE TABLE network_security_group_rules (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	security_group_id VARCHAR(64) NOT NULL, 
	direction VARCHAR(8) NOT NULL, 
	ethertype VARCHAR(8) NOT NULL, 
	protocol VARCHAR(40), 
	port_range_min INTEGER, 
	port_range_max INTEGER, 
	remote_ip_prefix VARCHAR(64), 
	remote_group_id VARCHAR(64), 
	remote_address_group_id VARCHAR(64), 
	PRIMARY KEY (id), 
	FOREIGN KEY(security_group_id) REFERENCES network_security_groups (id) ON DELETE CASCADE
);
CREATE INDEX ix_network_security_group_rules_project_id ON network_security_group_rules (project_id);
CREATE INDEX ix_network_security_group_rules_remote_group_id ON network_security_group_rules (remote_group_id);
CREATE INDEX ix_network_security_group_rules_security_group_id ON network_security_group_rules (security_group_id);
CREATE TABLE network_qos_rules (
	id VARCHAR(64) NOT NULL, 
	qos_policy_id VARCHAR(64) NOT NULL, 
	type VARCHAR(32) NOT NULL, 
	direction VARCHAR(8) NOT NULL, 
	max_kbps INTEGER, 
	max_burst_kbps INTEGER, 
	dscp_mark INTEGER, 
	min_kbps INTEGER, 
	min_kpps INTEGER, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_network_qos_rules_type_direction UNIQUE (qos_policy_id, type, direction), 
	FOREIGN KEY(qos_policy_id) REFERENCES network_qos_policies (id) ON DELETE CASCADE
);
CREATE INDEX ix_network_qos_rules_qos_policy_id ON network_qos_rules (qos_policy_id);
CREATE TABLE network_flavor_service_profiles (
	flavor_id VARCHAR(64) NOT NULL, 
	service_profile_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (flavor_id, service_profile_id), 
	FOREIGN KEY(flavor_id) REFERENCES network_flavors (id) ON DELETE CASCADE, 
	FOREIGN KEY(service_profile_id) REFERENCES network_service_profiles (id) ON DELETE CASCADE
);
CREATE INDEX ix_network_flavor_service_profiles_service_profile_id ON network_flavor_service_profiles (service_profile_id);
CREATE TABLE network_ip_allocations (
	port_id VARCHAR(64) NOT NULL, 
	subnet_id VARCHAR(64) NOT NULL, 
	network_id VARCHAR(64) NOT NULL, 
	ip_address VARCHAR(64) NOT NULL, 
	ip_key VARCHAR(40) NOT NULL, 
	CONSTRAINT pk_network_ip_allocations PRIMARY KEY (network_id, ip_address), 
	FOREIGN KEY(port_id) REFERENCES network_ports (id) ON DELETE CASCADE, 
	FOREIGN KEY(subnet_id) REFERENCES network_subnets (id)
)
 WITHOUT ROWID;
CREATE INDEX ix_network_ip_allocations_ip_address ON network_ip_allocations (ip_address);
CREATE INDEX ix_network_ip_allocations_port_id ON network_ip_allocations (port_id);
CREATE INDEX ix_network_ip_allocations_subnet_key ON network_ip_allocations (subnet_id, ip_key);
CREATE TABLE network_port_security_groups (
	port_id VARCHAR(64) NOT NULL, 
	security_group_id VARCHAR(64) NOT NULL, 
	PRIMARY KEY (port_id, security_group_id), 
	FOREIGN KEY(port_id) REFERENCES network_ports (id) ON DELETE CASCADE, 
	FOREIGN KEY(security_group_id) REFERENCES network_security_groups (id)
)
 WITHOUT ROWID;
CREATE INDEX ix_network_port_security_groups_security_group_id ON network_port_security_groups (security_group_id);
CREATE TABLE network_trunks (
	id VARCHAR(64) NOT NULL, 
	project_id VARCHAR(64) NOT NULL, 
	name VARCHAR(255) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	revision_number INTEGER NOT NULL, 
	port_id VARCHAR(64) NOT NULL, 
	admin_state_up BOOLEAN NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (port_id), 
	FOREIGN KEY(port_id) REFERENCES network_ports (id)
);
CREATE INDEX ix_network_trunks_name ON network_trunks (name);
CREATE INDEX ix_network_trunks_project_id ON network_trunks (project_id);
CREATE TABLE network_port_forwardings (
	id VARCHAR(64) NOT NULL, 
	floatingip_id VARCHAR(64) NOT NULL, 
	internal_port_id VARCHAR(64) NOT NULL, 
	internal_ip_address VARCHAR(64) NOT NULL, 
	internal_port INTEGER NOT NULL, 
	external_port INTEGER NOT NULL, 
	protocol VARCHAR(8) NOT NULL, 
	description VARCHAR(255) NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_network_port_forwardings_external UNIQUE (floatingip_id, external_port, protocol), 
	FOREIGN KEY(floatingip_id) REFERENCES network_floating_ips (id) ON DELETE CASCADE
);
CREATE INDEX ix_network_port_forwardings_floatingip_id ON network_port_forwardings (floatingip_id);
CREATE INDEX ix_network_port_forwardings_internal_port_id ON network_port_forwardings (internal_port_id);
CREATE TABLE network_subports (
	port_id VARCHAR(64) NOT NULL, 
	trunk_id VARCHAR(64) NOT NULL, 
	segmentation_type VARCHAR(32) NOT NULL, 
	segmentation_id INTEGER NOT NULL, 
	PRIMARY KEY (port_id), 
	CONSTRAINT uq_network_subports_segment UNIQUE (trunk_id, segmentation_type, segmentation_id), 
	FOREIGN KEY(port_id) REFERENCES network_ports (id), 
	FOREIGN KEY(trunk_id) REFERENCES network_trunks (id) ON DELETE CASCADE
);
CREATE INDEX ix_network_subports_trunk_id ON network_subports (trunk_id)
