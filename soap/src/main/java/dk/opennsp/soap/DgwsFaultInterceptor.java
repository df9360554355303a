package dk.opennsp.soap;

import dk.opennsp.security.dgws.DgwsException;
import dk.opennsp.security.dgws.DgwsNamespaces;
import dk.opennsp.security.dgws.FaultCode;
import dk.opennsp.security.error.ApiException;
import dk.opennsp.security.error.StoreFailures;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.phase.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

import java.util.UUID;

/**
 * Gives every fault the DGWS shape: soap:Client or soap:Server, a readable faultstring and
 * {@code detail/medcom:FaultCode}. Refusals from the shared access path (ApiException) keep their
 * meaning; anything unexpected becomes {@code processing_problem} with only a reference id shown.
 */
final class DgwsFaultInterceptor extends AbstractSoapInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(DgwsFaultInterceptor.class);

    DgwsFaultInterceptor() {
        // before PREPARE_SEND, where the transport reads the fault's HTTP status
        super(Phase.PRE_LOGICAL);
    }

    @Override
    public void handleMessage(SoapMessage message) {
        if (!(message.getContent(Exception.class) instanceof Fault fault)) {
            return;
        }
        RuntimeException refusal = refusal(fault);
        DgwsException dgws = classify(fault, refusal);
        message.getExchange().put(FaultCode.class, dgws.code());
        // overload, quota and store refusals tell the client when to come back, as on the REST side
        if (refusal instanceof ApiException api && api.retryAfter() != null) {
            message.getExchange().put(SoapGateway.RETRY_AFTER, api.retryAfter());
        }
        fault.setMessage(dgws.getMessage());
        fault.setFaultCode(dgws.code().isClientFault() ? Fault.FAULT_CODE_CLIENT : Fault.FAULT_CODE_SERVER);
        fault.setStatusCode(dgws.httpStatus());
        Element detail = fault.getOrCreateDetail();
        while (detail.getFirstChild() != null) {
            detail.removeChild(detail.getFirstChild());
        }
        Element code = detail.getOwnerDocument().createElementNS(DgwsNamespaces.MEDCOM, "medcom:FaultCode");
        code.setTextContent(dgws.code().wireValue());
        detail.appendChild(code);
    }

    /**
     * The refusal behind a fault: the first DGWS or access-path refusal in its cause chain, else the 503 of a
     * data store that could not answer, else null (a SOAP-level or unexpected failure).
     */
    private static RuntimeException refusal(Fault fault) {
        for (Throwable t = fault; t != null; t = t.getCause()) {
            if (t instanceof DgwsException || t instanceof ApiException) {
                return (RuntimeException) t;
            }
        }
        return StoreFailures.isUnavailable(fault) ? StoreFailures.unavailable(fault) : null;
    }

    private static DgwsException classify(Fault fault, RuntimeException refusal) {
        if (refusal instanceof DgwsException dgws) {
            return dgws;
        }
        if (refusal instanceof ApiException api) {
            return fromApi(api);
        }
        if (fault.getMessage() != null && fault.getMessage().startsWith("The given SOAPAction")) {
            // CXF's SoapActionInInterceptor: the SOAPAction header names another operation than the body holds
            return new DgwsException(FaultCode.SYNTAX_ERROR, "The SOAPAction header does not match the operation in the soap:Body");
        }
        if (Fault.FAULT_CODE_CLIENT.equals(fault.getFaultCode())) {
            return new DgwsException(FaultCode.SYNTAX_ERROR, fault.getMessage() == null ? "The request is malformed" : fault.getMessage());
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("SOAP processing problem, reference {}", reference, fault);
        return new DgwsException(FaultCode.PROCESSING_PROBLEM, "Internal processing problem (reference " + reference + ")");
    }

    /** The shared access path speaks HTTP statuses; DGWS clients get the matching fault code. */
    static DgwsException fromApi(ApiException api) {
        int status = api.status().getCode();
        FaultCode code = switch (status) {
            case 401, 403 -> api.issueType() == org.hl7.fhir.r4.model.OperationOutcome.IssueType.SECURITY
                    ? FaultCode.SECURITY_LEVEL_FAILED : FaultCode.NOT_AUTHORIZED;
            case 400, 404, 409, 412, 422, 428 -> FaultCode.SYNTAX_ERROR;
            default -> FaultCode.PROCESSING_PROBLEM;
        };
        if (status >= 500) {
            LOG.warn("SOAP request refused: {}", api.getMessage(), api.getCause());
        }
        // 429 and 503 keep their status so that load balancers and clients back off; other faults travel as 500
        int httpStatus = status == 429 || status == 503 ? status : 500;
        return new DgwsException(code, api.getMessage(), httpStatus, null);
    }
}
