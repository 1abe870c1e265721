package dev.pagos.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.pagos.billing.Renewals;
import dev.pagos.queue.QueueMessage;
import dev.pagos.queue.SqsEvents;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * SQS event source of the renewal queue: one renewal per message, one message after another (the instance's
 * concurrency is 1; the function's reserved concurrency bounds the workers). Answers with the batch item failures
 * (ReportBatchItemFailures), so one failed renewal does not bring the whole batch back: a failure, or a message
 * another delivery is still working on, is named and comes back after the visibility timeout; after the queue's
 * maxReceiveCount it goes to the dead-letter queue, whose alarm calls a person.
 */
@Named(Routes.RENEWAL_WORKER)
public class RenewalWorkerFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = Logger.getLogger(RenewalWorkerFunction.class);

    @Inject
    Renewals renewals;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> sqsEvent, Context context) {
        List<String> failed = new ArrayList<>();
        for (QueueMessage message : SqsEvents.messages(sqsEvent)) {
            try {
                Renewals.Worked worked = renewals.renewDispatched(message.body());
                if (worked.delivery() == Renewals.Delivery.BUSY) {
                    failed.add(message.messageId());
                }
            } catch (RuntimeException e) {
                LOG.warnf("Renewal message %s (delivery %d) failed: %s", message.messageId(), message.receiveCount(),
                        e.getMessage());
                failed.add(message.messageId());
            }
        }
        return SqsEvents.batchItemFailures(failed);
    }
}
