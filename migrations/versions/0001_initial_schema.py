"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 18:40:18.419501

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


# The 15 California CTE industry sectors and their pathways, frozen as of this revision.
SECTORS = [{'code': 'agriculture-natural-resources', 'name': 'Agriculture and Natural Resources', 'position': 1},
 {'code': 'arts-media-entertainment', 'name': 'Arts, Media, and Entertainment', 'position': 2},
 {'code': 'building-construction-trades', 'name': 'Building and Construction Trades', 'position': 3},
 {'code': 'business-finance', 'name': 'Business and Finance', 'position': 4},
 {'code': 'education-child-development-family-services',
  'name': 'Education, Child Development, and Family Services',
  'position': 5},
 {'code': 'energy-environment-utilities', 'name': 'Energy, Environment, and Utilities', 'position': 6},
 {'code': 'engineering-architecture', 'name': 'Engineering and Architecture', 'position': 7},
 {'code': 'fashion-interior-design', 'name': 'Fashion and Interior Design', 'position': 8},
 {'code': 'health-science-medical-technology',
  'name': 'Health Science and Medical Technology',
  'position': 9},
 {'code': 'hospitality-tourism-recreation', 'name': 'Hospitality, Tourism, and Recreation', 'position': 10},
 {'code': 'information-communication-technologies',
  'name': 'Information and Communication Technologies',
  'position': 11},
 {'code': 'manufacturing-product-development',
  'name': 'Manufacturing and Product Development',
  'position': 12},
 {'code': 'marketing-sales-service', 'name': 'Marketing, Sales, and Service', 'position': 13},
 {'code': 'public-services', 'name': 'Public Services', 'position': 14},
 {'code': 'transportation', 'name': 'Transportation', 'position': 15}]

PATHWAYS = [{'code': 'agricultural-business',
  'sector_code': 'agriculture-natural-resources',
  'name': 'Agricultural Business'},
 {'code': 'agricultural-mechanics',
  'sector_code': 'agriculture-natural-resources',
  'name': 'Agricultural Mechanics'},
 {'code': 'agriscience', 'sector_code': 'agriculture-natural-resources', 'name': 'Agriscience'},
 {'code': 'animal-science', 'sector_code': 'agriculture-natural-resources', 'name': 'Animal Science'},
 {'code': 'forestry-and-natural-resources',
  'sector_code': 'agriculture-natural-resources',
  'name': 'Forestry and Natural Resources'},
 {'code': 'ornamental-horticulture',
  'sector_code': 'agriculture-natural-resources',
  'name': 'Ornamental Horticulture'},
 {'code': 'plant-and-soil-science',
  'sector_code': 'agriculture-natural-resources',
  'name': 'Plant and Soil Science'},
 {'code': 'design-visual-and-media-arts',
  'sector_code': 'arts-media-entertainment',
  'name': 'Design, Visual, and Media Arts'},
 {'code': 'game-design-and-integration',
  'sector_code': 'arts-media-entertainment',
  'name': 'Game Design and Integration'},
 {'code': 'performing-arts', 'sector_code': 'arts-media-entertainment', 'name': 'Performing Arts'},
 {'code': 'production-and-managerial-arts',
  'sector_code': 'arts-media-entertainment',
  'name': 'Production and Managerial Arts'},
 {'code': 'cabinetry-millwork-and-woodworking',
  'sector_code': 'building-construction-trades',
  'name': 'Cabinetry, Millwork, and Woodworking'},
 {'code': 'engineering-and-heavy-construction',
  'sector_code': 'building-construction-trades',
  'name': 'Engineering and Heavy Construction'},
 {'code': 'mechanical-systems-installation-and-repair',
  'sector_code': 'building-construction-trades',
  'name': 'Mechanical Systems Installation and Repair'},
 {'code': 'residential-and-commercial-construction',
  'sector_code': 'building-construction-trades',
  'name': 'Residential and Commercial Construction'},
 {'code': 'business-management', 'sector_code': 'business-finance', 'name': 'Business Management'},
 {'code': 'financial-services', 'sector_code': 'business-finance', 'name': 'Financial Services'},
 {'code': 'international-business', 'sector_code': 'business-finance', 'name': 'International Business'},
 {'code': 'child-development',
  'sector_code': 'education-child-development-family-services',
  'name': 'Child Development'},
 {'code': 'consumer-services',
  'sector_code': 'education-child-development-family-services',
  'name': 'Consumer Services'},
 {'code': 'education', 'sector_code': 'education-child-development-family-services', 'name': 'Education'},
 {'code': 'family-and-human-services',
  'sector_code': 'education-child-development-family-services',
  'name': 'Family and Human Services'},
 {'code': 'energy-and-power-technology',
  'sector_code': 'energy-environment-utilities',
  'name': 'Energy and Power Technology'},
 {'code': 'environmental-resource-management',
  'sector_code': 'energy-environment-utilities',
  'name': 'Environmental Resource Management'},
 {'code': 'telecommunications', 'sector_code': 'energy-environment-utilities', 'name': 'Telecommunications'},
 {'code': 'architectural-design', 'sector_code': 'engineering-architecture', 'name': 'Architectural Design'},
 {'code': 'engineering-design', 'sector_code': 'engineering-architecture', 'name': 'Engineering Design'},
 {'code': 'engineering-technology',
  'sector_code': 'engineering-architecture',
  'name': 'Engineering Technology'},
 {'code': 'environmental-engineering',
  'sector_code': 'engineering-architecture',
  'name': 'Environmental Engineering'},
 {'code': 'fashion-design-and-merchandising',
  'sector_code': 'fashion-interior-design',
  'name': 'Fashion Design and Merchandising'},
 {'code': 'interior-design-furnishings-and-maintenance',
  'sector_code': 'fashion-interior-design',
  'name': 'Interior Design, Furnishings, and Maintenance'},
 {'code': 'biotechnology', 'sector_code': 'health-science-medical-technology', 'name': 'Biotechnology'},
 {'code': 'health-care-administrative-services',
  'sector_code': 'health-science-medical-technology',
  'name': 'Health Care Administrative Services'},
 {'code': 'health-care-operational-support-services',
  'sector_code': 'health-science-medical-technology',
  'name': 'Health Care Operational Support Services'},
 {'code': 'mental-and-behavioral-health',
  'sector_code': 'health-science-medical-technology',
  'name': 'Mental and Behavioral Health'},
 {'code': 'patient-care', 'sector_code': 'health-science-medical-technology', 'name': 'Patient Care'},
 {'code': 'public-and-community-health',
  'sector_code': 'health-science-medical-technology',
  'name': 'Public and Community Health'},
 {'code': 'food-science-dietetics-and-nutrition',
  'sector_code': 'hospitality-tourism-recreation',
  'name': 'Food Science, Dietetics, and Nutrition'},
 {'code': 'food-service-and-hospitality',
  'sector_code': 'hospitality-tourism-recreation',
  'name': 'Food Service and Hospitality'},
 {'code': 'hospitality-tourism-and-recreation-services',
  'sector_code': 'hospitality-tourism-recreation',
  'name': 'Hospitality, Tourism, and Recreation Services'},
 {'code': 'information-support-and-services',
  'sector_code': 'information-communication-technologies',
  'name': 'Information Support and Services'},
 {'code': 'networking', 'sector_code': 'information-communication-technologies', 'name': 'Networking'},
 {'code': 'software-and-systems-development',
  'sector_code': 'information-communication-technologies',
  'name': 'Software and Systems Development'},
 {'code': 'graphic-production-technologies',
  'sector_code': 'manufacturing-product-development',
  'name': 'Graphic Production Technologies'},
 {'code': 'machining-and-forming-technologies',
  'sector_code': 'manufacturing-product-development',
  'name': 'Machining and Forming Technologies'},
 {'code': 'product-innovation-and-design',
  'sector_code': 'manufacturing-product-development',
  'name': 'Product Innovation and Design'},
 {'code': 'welding-and-materials-joining',
  'sector_code': 'manufacturing-product-development',
  'name': 'Welding and Materials Joining'},
 {'code': 'entrepreneurship-and-self-employment',
  'sector_code': 'marketing-sales-service',
  'name': 'Entrepreneurship and Self-Employment'},
 {'code': 'marketing', 'sector_code': 'marketing-sales-service', 'name': 'Marketing'},
 {'code': 'professional-sales', 'sector_code': 'marketing-sales-service', 'name': 'Professional Sales'},
 {'code': 'emergency-response', 'sector_code': 'public-services', 'name': 'Emergency Response'},
 {'code': 'legal-practices', 'sector_code': 'public-services', 'name': 'Legal Practices'},
 {'code': 'public-safety', 'sector_code': 'public-services', 'name': 'Public Safety'},
 {'code': 'operations', 'sector_code': 'transportation', 'name': 'Operations'},
 {'code': 'structural-repair-and-refinishing',
  'sector_code': 'transportation',
  'name': 'Structural Repair and Refinishing'},
 {'code': 'systems-diagnostics-service-and-repair',
  'sector_code': 'transportation',
  'name': 'Systems Diagnostics, Service, and Repair'}]


def upgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('consortia',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consortia')),
    sa.UniqueConstraint('slug', name=op.f('uq_consortia_slug'))
    )
    op.create_table('sectors',
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_sectors')),
    sa.UniqueConstraint('position', name=op.f('uq_sectors_position'))
    )
    op.create_table('employers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('website', sa.String(length=300), nullable=True),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_employers_consortium_id_consortia')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employers')),
    sa.UniqueConstraint('consortium_id', 'external_id', name='uq_employers_consortium_external'),
    sa.UniqueConstraint('id', 'consortium_id', name='uq_employers_id_consortium')
    )
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employers_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sent', 'logged', 'failed', name='outbox_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_outbox_messages_consortium_id_consortia')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('pathways',
    sa.Column('code', sa.String(length=80), nullable=False),
    sa.Column('sector_code', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['sector_code'], ['sectors.code'], name=op.f('fk_pathways_sector_code_sectors')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_pathways'))
    )
    with op.batch_alter_table('pathways', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pathways_sector_code'), ['sector_code'], unique=False)

    op.create_table('schools',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('cds_code', sa.String(length=14), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('district', sa.String(length=200), nullable=True),
    sa.Column('county', sa.String(length=100), nullable=True),
    sa.Column('city', sa.String(length=100), nullable=True),
    sa.Column('zip', sa.String(length=10), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.CheckConstraint('lat IS NULL OR (lat >= -90 AND lat <= 90)', name=op.f('ck_schools_lat_range')),
    sa.CheckConstraint('lon IS NULL OR (lon >= -180 AND lon <= 180)', name=op.f('ck_schools_lon_range')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_schools_consortium_id_consortia')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schools')),
    sa.UniqueConstraint('consortium_id', 'cds_code', name='uq_schools_consortium_cds'),
    sa.UniqueConstraint('id', 'consortium_id', name='uq_schools_id_consortium')
    )
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schools_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('employer_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_contacts_employer_id_employers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_contacts'))
    )
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_contacts_employer_id'), ['employer_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('admin', 'intermediary', 'employer', 'student', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("(role = 'employer') = (employer_id IS NOT NULL)", name=op.f('ck_users_employer_role_has_employer')),
    sa.CheckConstraint('session_version >= 1', name=op.f('ck_users_session_version_positive')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_users_consortium_id_consortia')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_users_employer_id_employers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('id', 'consortium_id', name='uq_users_id_consortium')
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_users_employer_id'), ['employer_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('role', sa.Enum('admin', 'intermediary', 'employer', 'student', name='api_token_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'intermediary')", name=op.f('ck_api_tokens_api_token_staff_role')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_api_tokens_consortium_id_consortia')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_api_tokens_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=True),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_audit_events_consortium_id_consortia')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_created_at'), ['created_at'], unique=False)
        batch_op.create_index('ix_audit_events_entity', ['entity_type', 'entity_id'], unique=False)

    op.create_table('match_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'open', 'closed', 'solving', 'solved', 'published', 'archived', name='round_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('mechanism', sa.Enum('optimal', 'stable', name='mechanism', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('sector_rule', sa.Enum('required', 'preferred', name='sector_rule', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('only_ranked', sa.Boolean(), nullable=False),
    sa.Column('max_ranked', sa.SmallInteger(), nullable=False),
    sa.Column('employers_rank', sa.Boolean(), nullable=False),
    sa.Column('ranking_closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offers_expire_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('max_ranked >= 1 AND max_ranked <= 20', name=op.f('ck_match_rounds_max_ranked_range')),
    sa.CheckConstraint('term_end IS NULL OR term_start IS NULL OR term_end >= term_start', name=op.f('ck_match_rounds_term_order')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_match_rounds_consortium_id_consortia')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_match_rounds_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_rounds'))
    )
    with op.batch_alter_table('match_rounds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_rounds_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('sector_code', sa.String(length=60), nullable=False),
    sa.Column('pathway_code', sa.String(length=80), nullable=True),
    sa.Column('site_address', sa.String(length=300), nullable=True),
    sa.Column('site_city', sa.String(length=100), nullable=True),
    sa.Column('site_zip', sa.String(length=10), nullable=True),
    sa.Column('site_lat', sa.Float(), nullable=True),
    sa.Column('site_lon', sa.Float(), nullable=True),
    sa.Column('is_remote', sa.Boolean(), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('is_paid', sa.Boolean(), nullable=False),
    sa.Column('hourly_wage_cents', sa.Integer(), nullable=True),
    sa.Column('min_grade', sa.SmallInteger(), nullable=True),
    sa.Column('min_age', sa.SmallInteger(), nullable=True),
    sa.Column('required_certifications', sa.JSON(), nullable=False),
    sa.Column('what_to_bring', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='slot_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('safety_attested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('safety_attested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'open' OR safety_attested_at IS NOT NULL", name=op.f('ck_slots_open_needs_attestation')),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_slots_capacity_positive')),
    sa.CheckConstraint('hourly_wage_cents IS NULL OR hourly_wage_cents >= 0', name=op.f('ck_slots_wage_not_negative')),
    sa.CheckConstraint('is_remote OR (site_lat IS NOT NULL AND site_lon IS NOT NULL)', name=op.f('ck_slots_site_located')),
    sa.CheckConstraint('min_age IS NULL OR (min_age >= 14 AND min_age <= 25)', name=op.f('ck_slots_min_age_range')),
    sa.CheckConstraint('min_grade IS NULL OR (min_grade >= 9 AND min_grade <= 12)', name=op.f('ck_slots_min_grade_range')),
    sa.CheckConstraint('site_lat IS NULL OR (site_lat >= -90 AND site_lat <= 90)', name=op.f('ck_slots_site_lat_range')),
    sa.CheckConstraint('site_lon IS NULL OR (site_lon >= -180 AND site_lon <= 180)', name=op.f('ck_slots_site_lon_range')),
    sa.CheckConstraint('term_end IS NULL OR term_start IS NULL OR term_end >= term_start', name=op.f('ck_slots_term_order')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_slots_consortium_id_consortia')),
    sa.ForeignKeyConstraint(['employer_id', 'consortium_id'], ['employers.id', 'employers.consortium_id'], name='fk_slots_employer_same_consortium'),
    sa.ForeignKeyConstraint(['pathway_code'], ['pathways.code'], name=op.f('fk_slots_pathway_code_pathways')),
    sa.ForeignKeyConstraint(['safety_attested_by_id'], ['users.id'], name=op.f('fk_slots_safety_attested_by_id_users')),
    sa.ForeignKeyConstraint(['sector_code'], ['sectors.code'], name=op.f('fk_slots_sector_code_sectors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slots')),
    sa.UniqueConstraint('consortium_id', 'external_id', name='uq_slots_consortium_external')
    )
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slots_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_slots_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_slots_sector_code'), ['sector_code'], unique=False)

    op.create_table('student_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('grade', sa.SmallInteger(), nullable=False),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.Column('pathway_code', sa.String(length=80), nullable=True),
    sa.Column('home_zip', sa.String(length=10), nullable=True),
    sa.Column('home_lat', sa.Float(), nullable=True),
    sa.Column('home_lon', sa.Float(), nullable=True),
    sa.Column('travel_mode', sa.Enum('walk', 'bike', 'transit', 'car', 'school_bus', name='travel_mode', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('max_km', sa.Float(), nullable=True),
    sa.Column('max_minutes', sa.SmallInteger(), nullable=True),
    sa.Column('certifications', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('grade >= 9 AND grade <= 12', name=op.f('ck_student_profiles_grade_range')),
    sa.CheckConstraint('home_lat IS NULL OR (home_lat >= -90 AND home_lat <= 90)', name=op.f('ck_student_profiles_home_lat_range')),
    sa.CheckConstraint('home_lon IS NULL OR (home_lon >= -180 AND home_lon <= 180)', name=op.f('ck_student_profiles_home_lon_range')),
    sa.CheckConstraint('max_km IS NULL OR (max_km > 0 AND max_km <= 500)', name=op.f('ck_student_profiles_max_km_range')),
    sa.CheckConstraint('max_minutes IS NULL OR (max_minutes > 0 AND max_minutes <= 240)', name=op.f('ck_student_profiles_max_minutes_range')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_student_profiles_consortium_id_consortia')),
    sa.ForeignKeyConstraint(['pathway_code'], ['pathways.code'], name=op.f('fk_student_profiles_pathway_code_pathways')),
    sa.ForeignKeyConstraint(['school_id', 'consortium_id'], ['schools.id', 'schools.consortium_id'], name='fk_student_profiles_school_same_consortium'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_student_profiles_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student_profiles')),
    sa.UniqueConstraint('consortium_id', 'external_id', name='uq_student_profiles_consortium_external'),
    sa.UniqueConstraint('user_id', name=op.f('uq_student_profiles_user_id'))
    )
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_profiles_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_student_profiles_school_id'), ['school_id'], unique=False)

    op.create_table('employer_rankings',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_employer_rankings_rank_positive')),
    sa.ForeignKeyConstraint(['round_id'], ['match_rounds.id'], name=op.f('fk_employer_rankings_round_id_match_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_employer_rankings_slot_id_slots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_employer_rankings_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'slot_id', 'student_id', name=op.f('pk_employer_rankings')),
    sa.UniqueConstraint('round_id', 'slot_id', 'rank', name='uq_employer_rankings_slot_rank')
    )
    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.Enum('admin', 'intermediary', 'employer', 'student', name='invitation_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortia.id'], name=op.f('fk_invitations_consortium_id_consortia')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_invitations_created_by_id_users')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_invitations_employer_id_employers')),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_invitations_student_id_student_profiles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitations_token_hash'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('preferences',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('rank', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_preferences_rank_positive')),
    sa.ForeignKeyConstraint(['round_id'], ['match_rounds.id'], name=op.f('fk_preferences_round_id_match_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_preferences_slot_id_slots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_preferences_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'student_id', 'slot_id', name=op.f('pk_preferences')),
    sa.UniqueConstraint('round_id', 'student_id', 'rank', name='uq_preferences_student_rank')
    )
    op.create_table('round_exclusions',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_round_exclusions_created_by_id_users')),
    sa.ForeignKeyConstraint(['round_id'], ['match_rounds.id'], name=op.f('fk_round_exclusions_round_id_match_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_round_exclusions_slot_id_slots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_round_exclusions_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('round_id', 'student_id', 'slot_id', name=op.f('pk_round_exclusions'))
    )
    op.create_table('round_schools',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['match_rounds.id'], name=op.f('fk_round_schools_round_id_match_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_round_schools_school_id_schools')),
    sa.PrimaryKeyConstraint('round_id', 'school_id', name=op.f('pk_round_schools'))
    )
    op.create_table('round_slots',
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['match_rounds.id'], name=op.f('fk_round_slots_round_id_match_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_round_slots_slot_id_slots')),
    sa.PrimaryKeyConstraint('round_id', 'slot_id', name=op.f('pk_round_slots'))
    )
    op.create_table('slot_shifts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.SmallInteger(), nullable=False),
    sa.Column('start_minute', sa.SmallInteger(), nullable=False),
    sa.Column('end_minute', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('day >= 0 AND day <= 6', name=op.f('ck_slot_shifts_day_of_week')),
    sa.CheckConstraint('start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute', name=op.f('ck_slot_shifts_start_before_end')),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_slot_shifts_slot_id_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_slot_shifts'))
    )
    with op.batch_alter_table('slot_shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_slot_shifts_slot_id'), ['slot_id'], unique=False)

    op.create_table('solve_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'succeeded', 'failed', name='solve_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('is_rematch', sa.Boolean(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('progress', sa.String(length=200), nullable=True),
    sa.Column('engine_version', sa.String(length=40), nullable=True),
    sa.Column('round_file', sa.JSON(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_solve_runs_requested_by_id_users')),
    sa.ForeignKeyConstraint(['round_id'], ['match_rounds.id'], name=op.f('fk_solve_runs_round_id_match_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solve_runs'))
    )
    with op.batch_alter_table('solve_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solve_runs_round_id'), ['round_id'], unique=False)
        batch_op.create_index('uq_solve_runs_one_active_per_round', ['round_id'], unique=True, sqlite_where=sa.text("status IN ('queued', 'running')"), postgresql_where=sa.text("status IN ('queued', 'running')"))

    op.create_table('student_availability',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.SmallInteger(), nullable=False),
    sa.Column('start_minute', sa.SmallInteger(), nullable=False),
    sa.Column('end_minute', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('day >= 0 AND day <= 6', name=op.f('ck_student_availability_day_of_week')),
    sa.CheckConstraint('start_minute >= 0 AND end_minute <= 1440 AND start_minute < end_minute', name=op.f('ck_student_availability_start_before_end')),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_student_availability_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student_availability'))
    )
    with op.batch_alter_table('student_availability', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_availability_student_id'), ['student_id'], unique=False)

    op.create_table('student_demographics',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('gender', sa.String(length=40), nullable=True),
    sa.Column('race_ethnicity', sa.String(length=80), nullable=True),
    sa.Column('english_learner', sa.Boolean(), nullable=True),
    sa.Column('socioeconomically_disadvantaged', sa.Boolean(), nullable=True),
    sa.Column('foster_youth', sa.Boolean(), nullable=True),
    sa.Column('students_with_disabilities', sa.Boolean(), nullable=True),
    sa.Column('rural', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_student_demographics_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('student_id', name=op.f('pk_student_demographics'))
    )
    op.create_table('student_sector_interests',
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('sector_code', sa.String(length=60), nullable=False),
    sa.Column('rank', sa.SmallInteger(), nullable=False),
    sa.CheckConstraint('rank >= 1', name=op.f('ck_student_sector_interests_rank_positive')),
    sa.ForeignKeyConstraint(['sector_code'], ['sectors.code'], name=op.f('fk_student_sector_interests_sector_code_sectors')),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_student_sector_interests_student_id_student_profiles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('student_id', 'sector_code', name=op.f('pk_student_sector_interests')),
    sa.UniqueConstraint('student_id', 'rank', name='uq_student_sector_interests_rank')
    )
    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('solve_id', sa.Integer(), nullable=True),
    sa.Column('cost', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('proposed', 'offered', 'accepted', 'declined', 'withdrawn', name='placement_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('responded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('response_reason', sa.String(length=500), nullable=True),
    sa.CheckConstraint('cost IS NULL OR cost >= 0', name=op.f('ck_placements_cost_not_negative')),
    sa.ForeignKeyConstraint(['responded_by_id'], ['users.id'], name=op.f('fk_placements_responded_by_id_users')),
    sa.ForeignKeyConstraint(['round_id'], ['match_rounds.id'], name=op.f('fk_placements_round_id_match_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['slot_id'], ['slots.id'], name=op.f('fk_placements_slot_id_slots')),
    sa.ForeignKeyConstraint(['solve_id'], ['solve_runs.id'], name=op.f('fk_placements_solve_id_solve_runs')),
    sa.ForeignKeyConstraint(['student_id'], ['student_profiles.id'], name=op.f('fk_placements_student_id_student_profiles')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_slot_id'), ['slot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_student_id'), ['student_id'], unique=False)
        batch_op.create_index('uq_placements_one_active_per_student', ['round_id', 'student_id'], unique=True, sqlite_where=sa.text("status IN ('proposed', 'offered', 'accepted')"), postgresql_where=sa.text("status IN ('proposed', 'offered', 'accepted')"))

    # ### end Alembic commands ###
    op.bulk_insert(sa.table('sectors', sa.column('code'), sa.column('name'), sa.column('position')), SECTORS)
    op.bulk_insert(sa.table('pathways', sa.column('code'), sa.column('sector_code'), sa.column('name')), PATHWAYS)


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index('uq_placements_one_active_per_student', sqlite_where=sa.text("status IN ('proposed', 'offered', 'accepted')"), postgresql_where=sa.text("status IN ('proposed', 'offered', 'accepted')"))
        batch_op.drop_index(batch_op.f('ix_placements_student_id'))
        batch_op.drop_index(batch_op.f('ix_placements_slot_id'))
        batch_op.drop_index(batch_op.f('ix_placements_round_id'))

    op.drop_table('placements')
    op.drop_table('student_sector_interests')
    op.drop_table('student_demographics')
    with op.batch_alter_table('student_availability', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_availability_student_id'))

    op.drop_table('student_availability')
    with op.batch_alter_table('solve_runs', schema=None) as batch_op:
        batch_op.drop_index('uq_solve_runs_one_active_per_round', sqlite_where=sa.text("status IN ('queued', 'running')"), postgresql_where=sa.text("status IN ('queued', 'running')"))
        batch_op.drop_index(batch_op.f('ix_solve_runs_round_id'))

    op.drop_table('solve_runs')
    with op.batch_alter_table('slot_shifts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slot_shifts_slot_id'))

    op.drop_table('slot_shifts')
    op.drop_table('round_slots')
    op.drop_table('round_schools')
    op.drop_table('round_exclusions')
    op.drop_table('preferences')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_consortium_id'))

    op.drop_table('invitations')
    op.drop_table('employer_rankings')
    with op.batch_alter_table('student_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_profiles_school_id'))
        batch_op.drop_index(batch_op.f('ix_student_profiles_consortium_id'))

    op.drop_table('student_profiles')
    with op.batch_alter_table('slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_slots_sector_code'))
        batch_op.drop_index(batch_op.f('ix_slots_employer_id'))
        batch_op.drop_index(batch_op.f('ix_slots_consortium_id'))

    op.drop_table('slots')
    with op.batch_alter_table('match_rounds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_rounds_consortium_id'))

    op.drop_table('match_rounds')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_entity')
        batch_op.drop_index(batch_op.f('ix_audit_events_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_consortium_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))

    op.drop_table('audit_events')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_consortium_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_employer_id'))
        batch_op.drop_index(batch_op.f('ix_users_consortium_id'))

    op.drop_table('users')
    with op.batch_alter_table('employer_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_contacts_employer_id'))

    op.drop_table('employer_contacts')
    with op.batch_alter_table('schools', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schools_consortium_id'))

    op.drop_table('schools')
    with op.batch_alter_table('pathways', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pathways_sector_code'))

    op.drop_table('pathways')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_consortium_id'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employers_consortium_id'))

    op.drop_table('employers')
    op.drop_table('sectors')
    op.drop_table('consortia')
    # ### end Alembic commands ###
