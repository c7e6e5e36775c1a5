#include "gen/gen_semantic.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "gen/gen_internal.h"
#include "gen/gen_semantic_internal.h"

const struct gen_kind *const gen_semantic_kinds[] = {
    &gen_person_first_name,   &gen_person_last_name,
    &gen_person_full_name,    &gen_person_username,
    &gen_person_email,        &gen_person_phone,
    &gen_company_name,        &gen_company_job_title,
    &gen_address_street,      &gen_address_city,
    &gen_address_state,       &gen_address_state_abbr,
    &gen_address_country,     &gen_address_country_code,
    &gen_address_postal_code, &gen_lifetime_created_at,
    &gen_lifetime_updated_at, &gen_lifetime_followup_at,
    &gen_lifetime_birthdate,
};
const size_t gen_semantic_kind_count =
    sizeof(gen_semantic_kinds) / sizeof(gen_semantic_kinds[0]);

/* Salts of the row-level streams: every column of a row draws the same
 * person, place and company from row_key whatever kind it is. */
#define SALT_PERSON  UINT64_C(0x706572736f6e)
#define SALT_PLACE   UINT64_C(0x706c616365)
#define SALT_COMPANY UINT64_C(0x636f6d70616e79)

/* ---- column types ---- */

static const struct pg_type *
resolve_domain(const struct pg_type *type)
{
    while (type->base == PG_DOMAIN && type->custom != NULL)
        type = &type->custom->base_type;
    return type;
}

static bool
is_text(const struct pg_type *type)
{
    return type->array_dims == 0 &&
           (type->base == PG_TEXT || type->base == PG_VARCHAR ||
            type->base == PG_CHAR);
}

static bool
is_temporal(const struct pg_type *type)
{
    return type->array_dims == 0 &&
           (type->base == PG_DATE || type->base == PG_TIMESTAMP ||
            type->base == PG_TIMESTAMPTZ);
}

/* Local so that messages need nothing from the type parser. */
static const char *
base_name(enum pg_base base)
{
    static const char *const names[] = {
#define BASE_NAME(suffix, sql) sql,
        PG_BASE_MAP(BASE_NAME)
#undef BASE_NAME
    };
    return (size_t)base < sizeof(names) / sizeof(names[0]) ? names[base] : "?";
}

/* ---- matching by column name ---- */

#define PEOPLE_ONLY 1u

struct name_rule {
    const char *name;
    const struct gen_kind *kind;
    unsigned flags;
};

static const struct name_rule name_rules[] = {
    {"email", &gen_person_email, 0},
    {"email_address", &gen_person_email, 0},
    {"emailaddress", &gen_person_email, 0},
    {"e_mail", &gen_person_email, 0},
    {"mail", &gen_person_email, 0},
    {"phone", &gen_person_phone, 0},
    {"phone_number", &gen_person_phone, 0},
    {"phonenumber", &gen_person_phone, 0},
    {"phone_no", &gen_person_phone, 0},
    {"mobile", &gen_person_phone, 0},
    {"mobile_phone", &gen_person_phone, 0},
    {"mobile_number", &gen_person_phone, 0},
    {"cell", &gen_person_phone, 0},
    {"cell_phone", &gen_person_phone, 0},
    {"tel", &gen_person_phone, 0},
    {"telephone", &gen_person_phone, 0},
    {"fax", &gen_person_phone, 0},
    {"first_name", &gen_person_first_name, 0},
    {"firstname", &gen_person_first_name, 0},
    {"given_name", &gen_person_first_name, 0},
    {"forename", &gen_person_first_name, 0},
    {"last_name", &gen_person_last_name, 0},
    {"lastname", &gen_person_last_name, 0},
    {"surname", &gen_person_last_name, 0},
    {"family_name", &gen_person_last_name, 0},
    {"full_name", &gen_person_full_name, 0},
    {"fullname", &gen_person_full_name, 0},
    {"display_name", &gen_person_full_name, 0},
    {"name", &gen_person_full_name, PEOPLE_ONLY},
    {"username", &gen_person_username, 0},
    {"user_name", &gen_person_username, 0},
    {"login", &gen_person_username, 0},
    {"login_name", &gen_person_username, 0},
    {"screen_name", &gen_person_username, 0},
    {"handle", &gen_person_username, PEOPLE_ONLY},
    {"nickname", &gen_person_username, PEOPLE_ONLY},
    {"address", &gen_address_street, 0},
    {"street", &gen_address_street, 0},
    {"street_address", &gen_address_street, 0},
    {"address_line1", &gen_address_street, 0},
    {"address_line_1", &gen_address_street, 0},
    {"address1", &gen_address_street, 0},
    {"street_line1", &gen_address_street, 0},
    {"city", &gen_address_city, 0},
    {"town", &gen_address_city, 0},
    {"city_name", &gen_address_city, 0},
    {"state", &gen_address_state, 0},
    {"region", &gen_address_state, 0},
    {"province", &gen_address_state, 0},
    {"state_name", &gen_address_state, 0},
    {"state_code", &gen_address_state_abbr, 0},
    {"state_abbr", &gen_address_state_abbr, 0},
    {"state_abbreviation", &gen_address_state_abbr, 0},
    {"country", &gen_address_country, 0},
    {"country_name", &gen_address_country, 0},
    {"country_code", &gen_address_country_code, 0},
    {"country_iso", &gen_address_country_code, 0},
    {"iso_country", &gen_address_country_code, 0},
    {"zip", &gen_address_postal_code, 0},
    {"zip_code", &gen_address_postal_code, 0},
    {"zipcode", &gen_address_postal_code, 0},
    {"postal_code", &gen_address_postal_code, 0},
    {"postalcode", &gen_address_postal_code, 0},
    {"postcode", &gen_address_postal_code, 0},
    {"company", &gen_company_name, 0},
    {"company_name", &gen_company_name, 0},
    {"organization", &gen_company_name, 0},
    {"organisation", &gen_company_name, 0},
    {"organization_name", &gen_company_name, 0},
    {"employer", &gen_company_name, 0},
    {"business_name", &gen_company_name, 0},
    {"job_title", &gen_company_job_title, 0},
    {"jobtitle", &gen_company_job_title, 0},
    {"occupation", &gen_company_job_title, 0},
    {"title", &gen_company_job_title, PEOPLE_ONLY},
    {"position", &gen_company_job_title, PEOPLE_ONLY},
    {"created_at", &gen_lifetime_created_at, 0},
    {"created", &gen_lifetime_created_at, 0},
    {"created_on", &gen_lifetime_created_at, 0},
    {"created_date", &gen_lifetime_created_at, 0},
    {"creation_date", &gen_lifetime_created_at, 0},
    {"inserted_at", &gen_lifetime_created_at, 0},
    {"signup_date", &gen_lifetime_created_at, 0},
    {"signed_up_at", &gen_lifetime_created_at, 0},
    {"registered_at", &gen_lifetime_created_at, 0},
    {"registration_date", &gen_lifetime_created_at, 0},
    {"joined_at", &gen_lifetime_created_at, 0},
    {"join_date", &gen_lifetime_created_at, 0},
    {"hire_date", &gen_lifetime_created_at, 0},
    /* when the row's event happened: rows are appended as events occur */
    {"ordered_at", &gen_lifetime_created_at, 0},
    {"order_date", &gen_lifetime_created_at, 0},
    {"placed_at", &gen_lifetime_created_at, 0},
    {"purchased_at", &gen_lifetime_created_at, 0},
    {"paid_at", &gen_lifetime_created_at, 0},
    {"payment_date", &gen_lifetime_created_at, 0},
    {"submitted_at", &gen_lifetime_created_at, 0},
    {"published_at", &gen_lifetime_created_at, 0},
    {"posted_at", &gen_lifetime_created_at, 0},
    {"occurred_at", &gen_lifetime_created_at, 0},
    {"recorded_at", &gen_lifetime_created_at, 0},
    {"logged_at", &gen_lifetime_created_at, 0},
    {"sent_at", &gen_lifetime_created_at, 0},
    {"issued_at", &gen_lifetime_created_at, 0},
    {"booked_at", &gen_lifetime_created_at, 0},
    {"updated_at", &gen_lifetime_updated_at, 0},
    {"updated", &gen_lifetime_updated_at, 0},
    {"updated_on", &gen_lifetime_updated_at, 0},
    {"modified_at", &gen_lifetime_updated_at, 0},
    {"modified", &gen_lifetime_updated_at, 0},
    {"modified_on", &gen_lifetime_updated_at, 0},
    {"last_modified", &gen_lifetime_updated_at, 0},
    {"changed_at", &gen_lifetime_updated_at, 0},
    {"deleted_at", &gen_lifetime_updated_at, 0},
    {"last_login", &gen_lifetime_updated_at, 0},
    {"last_login_at", &gen_lifetime_updated_at, 0},
    {"last_seen_at", &gen_lifetime_updated_at, 0},
    {"last_active_at", &gen_lifetime_updated_at, 0},
    /* the next steps of the row's life: hours to days after it began */
    {"shipped_at", &gen_lifetime_followup_at, 0},
    {"delivered_at", &gen_lifetime_followup_at, 0},
    {"completed_at", &gen_lifetime_followup_at, 0},
    {"closed_at", &gen_lifetime_followup_at, 0},
    {"resolved_at", &gen_lifetime_followup_at, 0},
    {"cancelled_at", &gen_lifetime_followup_at, 0},
    {"refunded_at", &gen_lifetime_followup_at, 0},
    {"approved_at", &gen_lifetime_followup_at, 0},
    {"confirmed_at", &gen_lifetime_followup_at, 0},
    {"processed_at", &gen_lifetime_followup_at, 0},
    {"birthdate", &gen_lifetime_birthdate, 0},
    {"birth_date", &gen_lifetime_birthdate, 0},
    {"birthday", &gen_lifetime_birthdate, 0},
    {"date_of_birth", &gen_lifetime_birthdate, 0},
    {"dob", &gen_lifetime_birthdate, 0},
};

/* Prefixes that qualify an address or contact column without changing its
 * meaning: billing_city, shipping_zip, work_phone, contact_email. */
static const char *const qualifiers[] = {
    "billing_",  "shipping_", "home_",     "work_",     "mailing_",
    "primary_",  "contact_",  "customer_", "user_",     "personal_",
    "business_", "office_",   "main_",     "delivery_", NULL,
};

/* Prefixes that make a bare "name" a person's name: contact_name. */
static const char *const person_qualifiers[] = {
    "contact_", "customer_", "user_",  "author_",  "employee_", "person_",
    "member_",  "client_",   "owner_", "patient_", "student_",  NULL,
};

/* Tables whose rows are people: a "name" or "title" column there is the
 * person's. Matched as the whole table name or its last word. */
static const char *const people_tables[] = {
    "users",      "user",        "customers",  "customer",  "employees",
    "employee",   "authors",     "author",     "people",    "person",
    "persons",    "contacts",    "contact",    "members",   "member",
    "staff",      "students",    "student",    "teachers",  "teacher",
    "patients",   "patient",     "clients",    "client",    "profiles",
    "profile",    "subscribers", "subscriber", "players",   "player",
    "drivers",    "driver",      "doctors",    "doctor",    "agents",
    "agent",      "owners",      "owner",      "guests",    "guest",
    "applicants", "applicant",   "candidates", "candidate", "volunteers",
    "passengers", "accounts",    "account",    NULL,
};

bool
gen_semantic_name_in(const char *name, const char *const *names)
{
    for (size_t i = 0; names[i] != NULL; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static void
lower_copy(const char *text, char *out, size_t size)
{
    size_t n = 0;
    for (; text[n] != '\0' && n + 1 < size; n++)
        out[n] = (char)tolower((unsigned char)text[n]);
    out[n] = '\0';
}

static bool
is_people_table(const struct table *table)
{
    if (table == NULL)
        return false;
    char name[128];
    lower_copy(table->name, name, sizeof(name));
    const char *word = strrchr(name, '_');
    return gen_semantic_name_in(name, people_tables) ||
           (word != NULL && gen_semantic_name_in(word + 1, people_tables));
}

static const struct name_rule *
find_rule(const char *name)
{
    for (size_t i = 0; i < sizeof(name_rules) / sizeof(name_rules[0]); i++)
        if (strcmp(name_rules[i].name, name) == 0)
            return &name_rules[i];
    return NULL;
}

static long
min_chars_of(const struct gen_kind *kind, const struct gen_spec *spec)
{
    if (kind == &gen_person_phone || kind == &gen_address_postal_code) {
        const char *problem = NULL;
        const struct sem_locale *l =
            gen_semantic_data_locale(spec->locale, &problem);
        if (l != NULL)
            return kind == &gen_person_phone
                       ? (long)gen_person_phone_min_chars(l)
                       : (long)gen_address_postal_min_chars(l);
    }
    static const struct {
        const struct gen_kind *kind;
        long min_chars;
    } mins[] = {
        {&gen_person_first_name, SEM_MIN_FIRST_NAME},
        {&gen_person_last_name, SEM_MIN_LAST_NAME},
        {&gen_person_full_name, SEM_MIN_FULL_NAME},
        {&gen_person_username, SEM_MIN_USERNAME},
        {&gen_person_email, SEM_MIN_EMAIL},
        {&gen_person_phone, SEM_MIN_PHONE},
        {&gen_company_name, SEM_MIN_COMPANY},
        {&gen_company_job_title, SEM_MIN_JOB_TITLE},
        {&gen_address_street, SEM_MIN_STREET},
        {&gen_address_city, SEM_MIN_CITY},
        {&gen_address_state, SEM_MIN_STATE},
        {&gen_address_state_abbr, SEM_MIN_STATE},
        {&gen_address_country, SEM_MIN_COUNTRY},
        {&gen_address_country_code, SEM_MIN_COUNTRY_CODE},
        {&gen_address_postal_code, SEM_MIN_POSTAL_CODE},
    };
    for (size_t i = 0; i < sizeof(mins) / sizeof(mins[0]); i++)
        if (mins[i].kind == kind)
            return mins[i].min_chars;
    return 0;
}

static bool
is_time_kind(const struct gen_kind *kind)
{
    return kind == &gen_lifetime_created_at ||
           kind == &gen_lifetime_updated_at ||
           kind == &gen_lifetime_followup_at || kind == &gen_lifetime_birthdate;
}

const struct gen_kind *
gen_semantic_match(const struct gen_spec *spec)
{
    if (spec->column == NULL || spec->type == NULL)
        return NULL;
    char name[128];
    lower_copy(spec->column->name, name, sizeof(name));
    const struct name_rule *rule = find_rule(name);
    const struct gen_kind *kind = NULL;
    if (rule != NULL) {
        if (!(rule->flags & PEOPLE_ONLY) || is_people_table(spec->table))
            kind = rule->kind;
    } else {
        for (size_t i = 0; qualifiers[i] != NULL && kind == NULL; i++) {
            size_t n = strlen(qualifiers[i]);
            if (strncmp(name, qualifiers[i], n) != 0)
                continue;
            rule = find_rule(name + n);
            if (rule != NULL && !(rule->flags & PEOPLE_ONLY) &&
                !is_time_kind(rule->kind))
                kind = rule->kind;
        }
        for (size_t i = 0; person_qualifiers[i] != NULL && kind == NULL; i++) {
            size_t n = strlen(person_qualifiers[i]);
            if (strncmp(name, person_qualifiers[i], n) == 0 &&
                strcmp(name + n, "name") == 0)
                kind = &gen_person_full_name;
        }
        size_t len = strlen(name);
        if (kind == NULL && len > 6 && strcmp(name + len - 6, "_email") == 0)
            kind = &gen_person_email;
        if (kind == NULL && len > 6 && strcmp(name + len - 6, "_phone") == 0)
            kind = &gen_person_phone;
    }
    if (kind == NULL)
        return NULL;

    const struct pg_type *type = resolve_domain(spec->type);
    if (is_time_kind(kind))
        return is_temporal(type) ? kind : NULL;
    if (!is_text(type))
        return NULL;
    long limit = gen_util_text_limit(spec);
    if (limit < 0)
        return kind;
    /* A short "country" or "state" column holds codes. */
    if (kind == &gen_address_country && limit < SEM_MIN_COUNTRY)
        kind = &gen_address_country_code;
    return limit >= min_chars_of(kind, spec) ? kind : NULL;
}

/* ---- compile helpers ---- */

/* Where the locale came from, for messages: the planner passes the
 * schema's database.locale unless --locale overrides it. */
static const char *
locale_path(const struct gen_spec *spec)
{
    if (spec->schema == NULL)
        return spec->path;
    const char *declared = spec->schema->database.locale;
    size_t n = declared != NULL ? strcspn(declared, ".@") : 0;
    size_t m = spec->locale != NULL ? strcspn(spec->locale, ".@") : 0;
    if (n == m && (n == 0 || strncmp(declared, spec->locale, n) == 0))
        return "database.locale";
    return "--locale";
}

struct sem_gen *
gen_semantic_begin(const struct gen_spec *spec, const struct gen_kind *kind,
                   enum sem_shape shape, long min_chars,
                   struct diag_list *diags)
{
    const struct pg_type *type = resolve_domain(spec->type);
    const char *type_text = spec->column != NULL && spec->column->type_text
                                ? spec->column->type_text
                                : base_name(type->base);
    if (shape == SEM_TEXT && !is_text(type)) {
        diag_add(
            diags, DIAG_ERROR, spec->path, "use a text, varchar or char column",
            "generator \"%s\" produces text, not %s", kind->name, type_text);
        return NULL;
    }
    if (shape == SEM_TEMPORAL && !is_temporal(type)) {
        diag_add(diags, DIAG_ERROR, spec->path,
                 "use a date, timestamp or timestamptz column",
                 "generator \"%s\" produces dates and times, not %s",
                 kind->name, type_text);
        return NULL;
    }
    const char *problem = NULL;
    const struct sem_common *common = gen_semantic_data_common(&problem);
    const struct sem_locale *locale =
        common != NULL ? gen_semantic_data_locale(spec->locale, &problem)
                       : NULL;
    if (locale == NULL) {
        if (common == NULL || gen_semantic_check_locale(
                                  spec->locale, locale_path(spec), diags) == 0)
            diag_error(diags, spec->path, "%s", problem);
        return NULL;
    }
    long limit = shape == SEM_TEXT ? gen_util_text_limit(spec) : -1;
    if (limit >= 0 && limit < min_chars) {
        diag_add(diags, DIAG_ERROR, spec->path,
                 "widen the column or choose another generator",
                 "column is too short for generator \"%s\": it holds %ld "
                 "characters, at least %ld are needed",
                 kind->name, limit, min_chars);
        return NULL;
    }
    struct sem_gen *gen = xcalloc(1, sizeof(*gen));
    gen->locale = locale;
    gen->common = common;
    gen->max_chars = limit;
    gen->unique = spec->unique;
    gen->row_count = spec->row_count;
    gen->base = type->base;
    return gen;
}

void
gen_semantic_free(void *state)
{
    struct sem_gen *gen = state;
    if (gen == NULL)
        return;
    free(gen->pool);
    for (size_t i = 0; i < gen->domain_count; i++)
        free(gen->domains[i]);
    free(gen->domains);
    free(gen->pattern);
    free(gen->street_ops);
    for (size_t i = 0; i <= SEM_MAX_AREA_LEN; i++)
        free(gen->patterns[i]);
    free(gen);
}

int
gen_semantic_unique(struct sem_gen *gen, const struct gen_spec *spec,
                    uint64_t space, uint64_t salt, const char *what,
                    struct diag_list *diags)
{
    if (spec->row_count > space) {
        diag_add(diags, DIAG_ERROR, spec->path,
                 "lower row_count, drop the unique constraint or widen the "
                 "column",
                 "cannot make %llu unique values: there are only %llu %s",
                 (unsigned long long)spec->row_count, (unsigned long long)space,
                 what);
        return -1;
    }
    perm_init(&gen->perm, space, rng_combine(spec->table_key, salt));
    gen->space = space;
    return 0;
}

uint64_t
gen_semantic_unique_index(const struct sem_gen *gen, uint64_t row)
{
    return perm_apply(&gen->perm, row % gen->space);
}

void
gen_semantic_pool_add(struct sem_gen *gen, const char *item)
{
    if (gen->max_chars >= 0 &&
        gen_semantic_chars(item, strlen(item)) > (size_t)gen->max_chars)
        return;
    if ((gen->pool_count & (gen->pool_count - 1)) == 0)
        gen->pool =
            xrealloc(gen->pool, (gen->pool_count ? gen->pool_count * 2 : 1) *
                                    sizeof(*gen->pool));
    gen->pool[gen->pool_count++] = item;
}

int
gen_semantic_config_string(const struct gen_spec *spec, const char *key,
                           const char **out, struct diag_list *diags)
{
    *out = NULL;
    if (spec->config == NULL)
        return 0;
    json_t *value = json_object_get(spec->config, key);
    if (value == NULL)
        return 0;
    if (!json_is_string(value)) {
        char path[512];
        snprintf(path, sizeof(path), "%s.generator_config.%s", spec->path, key);
        diag_error(diags, path, "\"%s\" must be a string", key);
        return -1;
    }
    *out = json_string_value(value);
    return 0;
}

/* ---- what a row describes ---- */

/* Index in [0, count), earlier entries more often: the dictionaries list
 * common names and large cities first. */
static uint32_t
skewed(struct rng *r, size_t count)
{
    double u = rng_unit(r);
    uint64_t index = (uint64_t)((double)count * u * sqrt(u));
    return (uint32_t)(index < count ? index : count - 1);
}

/* A row's person and place are pure functions of (locale, row_key), and
 * every person or address column of the row asks for them again: the last
 * one derived on this thread is kept, so a row derives each once. */
static _Thread_local struct {
    const struct sem_locale *locale;
    uint64_t row_key;
    struct sem_person person;
} person_memo;

static _Thread_local struct {
    const struct sem_locale *locale;
    uint64_t row_key;
    struct sem_place place;
} place_memo;

static void derive_person(const struct sem_locale *locale, uint64_t row_key,
                          struct sem_person *out);
static void derive_place(const struct sem_locale *locale, uint64_t row_key,
                         struct sem_place *out);

void
gen_semantic_person(const struct sem_locale *locale, uint64_t row_key,
                    struct sem_person *out)
{
    if (person_memo.locale != locale || person_memo.row_key != row_key) {
        derive_person(locale, row_key, &person_memo.person);
        person_memo.locale = locale;
        person_memo.row_key = row_key;
    }
    *out = person_memo.person;
}

void
gen_semantic_place(const struct sem_locale *locale, uint64_t row_key,
                   struct sem_place *out)
{
    if (place_memo.locale != locale || place_memo.row_key != row_key) {
        derive_place(locale, row_key, &place_memo.place);
        place_memo.locale = locale;
        place_memo.row_key = row_key;
    }
    *out = place_memo.place;
}

static void
derive_person(const struct sem_locale *locale, uint64_t row_key,
              struct sem_person *out)
{
    struct rng r = rng_cell(row_key, SALT_PERSON, 0, 0);
    out->female = (rng_next(&r) & 1) != 0;
    out->first =
        skewed(&r, out->female ? locale->female.count : locale->male.count);
    out->last = skewed(&r, locale->last.count);
    /* adults of 18 to 90 at the reference date, fewer of the oldest */
    int64_t youngest = days_from_civil(SEM_REFERENCE_YEAR - 18, 1, 1);
    int64_t oldest = days_from_civil(SEM_REFERENCE_YEAR - 90, 1, 2);
    double u = rng_unit(&r);
    out->birth_day =
        youngest - (int64_t)((double)(youngest - oldest) * u * (0.5 + 0.5 * u));
    out->handle_style = (unsigned)rng_below(&r, 100);
    unsigned digits = (unsigned)rng_below(&r, 100);
    out->digits_kind = digits < 45 ? 0 : digits < 75 ? 1 : 2;
    out->number = 1 + (unsigned)(rng_below(&r, 10) < 7 ? rng_below(&r, 99)
                                                       : rng_below(&r, 999));
    out->domain_pick = (uint32_t)rng_next(&r);
    out->exchange_pick = (unsigned)rng_below(&r, locale->exchange_count);
    out->line = (unsigned)rng_below(&r, 10000);
    out->line_extra = (uint32_t)rng_next(&r);
}

const char *
gen_semantic_first_name(const struct sem_locale *locale,
                        const struct sem_person *person)
{
    return person->female ? locale->female.items[person->first]
                          : locale->male.items[person->first];
}

static void
derive_place(const struct sem_locale *locale, uint64_t row_key,
             struct sem_place *out)
{
    struct rng r = rng_cell(row_key, SALT_PLACE, 0, 0);
    out->city = skewed(&r, locale->city_count);
    out->street = (uint32_t)rng_below(&r, locale->streets.count);
    out->suffix = skewed(&r, locale->suffix_count);
    double u = rng_unit(&r);
    out->house = 1 + (unsigned)(9998.0 * u * u);
    out->unit_kind = rng_chance(&r, 0.15)
                         ? 1 + (unsigned)rng_below(&r, locale->units.count)
                         : 0;
    out->unit_number = 1 + (unsigned)rng_below(&r, 450);
    out->postal_tail = 1 + (unsigned)rng_below(&r, 98);
    out->abbreviate = rng_chance(&r, 0.5);
    out->abroad = rng_chance(&r, 0.5);
    out->country_pick = (uint32_t)rng_next(&r);
    out->postal_pick = (uint32_t)rng_next(&r);
    out->postal_extra = (uint32_t)rng_next(&r);
}

void
gen_semantic_company(const struct sem_locale *locale, uint64_t row_key,
                     struct sem_company *out)
{
    struct rng r = rng_cell(row_key, SALT_COMPANY, 0, 0);
    unsigned pattern = (unsigned)rng_below(&r, 100);
    out->pattern = pattern < 20   ? 0
                   : pattern < 45 ? 1
                   : pattern < 70 ? 2
                   : pattern < 80 ? 3
                   : pattern < 90 ? 4
                                  : 5;
    out->word = (uint32_t)rng_below(&r, locale->company_words.count);
    out->activity = (uint32_t)rng_below(&r, locale->company_activities.count);
    out->suffix = skewed(&r, locale->company_suffixes.count);
    for (int i = 0; i < 3; i++)
        out->last[i] = skewed(&r, locale->last.count);
    out->job_title = (uint32_t)rng_below(&r, locale->job_titles.count);
}

/* ---- text ---- */

void
sem_text_put_u64(struct sem_text *t, uint64_t value)
{
    sem_text_put_padded(t, value, 1);
}

void
sem_text_put_padded(struct sem_text *t, uint64_t value, int width)
{
    char d[24];
    size_t n = fmt_u64(d, value, width);
    if (n > SEM_TEXT_CAP - t->len)
        n = SEM_TEXT_CAP - t->len; /* the text keeps its first bytes */
    memcpy(t->data + t->len, d, n);
    t->len += n;
}

size_t
gen_semantic_chars(const char *text, size_t len)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            chars++;
    return chars;
}

size_t
gen_semantic_cut(const char *text, size_t len, size_t max_chars)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (((unsigned char)text[i] & 0xC0) != 0x80) {
            if (chars == max_chars)
                return i;
            chars++;
        }
    }
    return len;
}

void
gen_semantic_emit_entry_len(const struct sem_gen *gen, struct gen_ctx *ctx,
                            const char *text, size_t len, struct value *out)
{
    if (gen->max_chars < 0 || len <= (size_t)gen->max_chars) {
        *out = gen->locale->plain ? value_text_plain(text, len)
                                  : value_text(text, len);
        return;
    }
    gen_semantic_emit(gen, ctx, text, len, out);
}

void
gen_semantic_emit_entry(const struct sem_gen *gen, struct gen_ctx *ctx,
                        const char *text, struct value *out)
{
    gen_semantic_emit_entry_len(gen, ctx, text, strlen(text), out);
}

void
gen_semantic_pool_generate(const struct sem_gen *gen, struct gen_ctx *ctx,
                           struct value *out)
{
    const char *item = gen->pool[gen_semantic_unique_index(gen, ctx->row)];
    /* pool items are dictionary entries that fit the column: they live
     * until exit and need no copy */
    *out = value_text(item, strlen(item));
}

void
gen_semantic_emit(const struct sem_gen *gen, struct gen_ctx *ctx,
                  const char *text, size_t len, struct value *out)
{
    /* a character takes at least a byte: text no longer in bytes than the
     * limit fits without counting */
    if (gen->max_chars >= 0 && len > (size_t)gen->max_chars) {
        size_t cut = gen_semantic_cut(text, len, (size_t)gen->max_chars);
        if (cut < len)
            while (cut > 1 && (text[cut - 1] == ' ' || text[cut - 1] == ','))
                cut--;
        len = cut;
    }
    char *copy = arena_alloc(ctx->arena, len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    *out = value_text(copy, len);
}

/* Latin-1 Supplement (U+00C0..U+00FF) and Latin Extended-A (U+0100..U+017F)
 * folded to one ASCII letter; '*' marks the two-letter folds and '-' the
 * signs that are dropped. */
static const char fold_latin1[] = "aaaaaa*ceeeeiiii"
                                  "dnooooo-ouuuuy**"
                                  "aaaaaa*ceeeeiiii"
                                  "dnooooo-ouuuuy*y";
static const char fold_latin_a[] = "aaaaaaccccccccdd"
                                   "ddeeeeeeeeeegggg"
                                   "gggghhhhiiiiiiii"
                                   "iiiijjkkklllllll"
                                   "lllnnnnnnnnnoooo"
                                   "oooorrrrrrssssss"
                                   "sstttttttuuuuuuu"
                                   "uuuuwwyyyzzzzzzs";

static const char *
fold_code_point(unsigned cp, char *one)
{
    if (cp >= 0xC0 && cp <= 0xFF) {
        char c = fold_latin1[cp - 0xC0];
        if (c == '-')
            return "";
        if (c == '*')
            return cp == 0xC6 || cp == 0xE6 ? "ae" : cp == 0xDF ? "ss" : "th";
        one[0] = c;
        return one;
    }
    if (cp >= 0x100 && cp <= 0x17F) {
        one[0] = fold_latin_a[cp - 0x100];
        return one;
    }
    return "";
}

/* The German spelling without umlauts: "Jürgen" -> "juergen". */
static const char *
fold_umlaut(unsigned cp)
{
    switch (cp) {
    case 0xC4:
    case 0xE4:
        return "ae";
    case 0xD6:
    case 0xF6:
        return "oe";
    case 0xDC:
    case 0xFC:
        return "ue";
    default:
        return NULL;
    }
}

size_t
gen_semantic_fold(struct sem_text *t, const char *name, size_t limit)
{
    return gen_semantic_fold_umlauts(t, name, limit, false);
}

size_t
gen_semantic_fold_umlauts(struct sem_text *t, const char *name, size_t limit,
                          bool umlauts)
{
    size_t start = t->len;
    const unsigned char *p = (const unsigned char *)name;
    while (*p != '\0') {
        if (*p < 0x80) {
            /* ASCII letters, lower-cased; the rest is dropped */
            unsigned c = *p++ | 0x20u;
            if (c - 'a' < 26) {
                if (t->len - start >= limit)
                    return t->len - start;
                sem_text_putc(t, (char)c);
            }
            continue;
        }
        char one[2] = {0, 0};
        const char *piece = "";
        if ((*p & 0xE0) == 0xC0 && (p[1] & 0xC0) == 0x80) {
            unsigned cp =
                ((unsigned)(*p & 0x1F) << 6) | (unsigned)(p[1] & 0x3F);
            piece = umlauts ? fold_umlaut(cp) : NULL;
            if (piece == NULL)
                piece = fold_code_point(cp, one);
            p += 2;
        } else {
            /* letters outside Latin have no spelling in ASCII */
            p++;
            while ((*p & 0xC0) == 0x80)
                p++;
        }
        for (; *piece != '\0'; piece++) {
            if (t->len - start >= limit)
                return t->len - start;
            sem_text_putc(t, *piece);
        }
    }
    return t->len - start;
}
