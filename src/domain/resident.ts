/** A signed-in resident as their city's identity broker names them (issuer and subject). */
export type Resident = { issuer: string; subject: string };
