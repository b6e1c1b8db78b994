/* ss.h -- the samesite core: everything module and linter share. */
#ifndef SS_H
#define SS_H

#include "ss_log.h"
#include "ss_diag.h"
#include "ss_origin.h"
#include "ss_site.h"
#include "ss_pattern.h"
#include "ss_cookie.h"
#include "ss_topology.h"
#include "ss_policy.h"
#include "ss_cors.h"
#include "ss_request.h"
#include "ss_directive.h"
#include "ss_settings.h"
#include "ss_public_origin.h"

#define SS_VERSION "0.1.0"

#endif
