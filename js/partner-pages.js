// Generated from dev-backend/partner-openapi.yaml by api/generate.mjs: do not edit.
// Each paged operation (GET with page/pageSize, totalNumPages in the
// response) and the property of its response that holds the items.
export default {
  "/spaces": "spaces",
  "/spaces/{spaceId}/users": "users",
  "/spaces/{spaceId}/devices": "devices",
  "/customers": "customers",
  "/tariffs/{tariffId}/contracts": "contracts"
};
